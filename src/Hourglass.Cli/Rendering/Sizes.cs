using System.Globalization;

namespace Hourglass.Cli.Rendering;

/// <summary>Human-readable sizes, durations and rates for tables and summaries.</summary>
internal static class Sizes
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString(value >= 100 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    public static string Rate(long bytes, TimeSpan elapsed) =>
        elapsed.TotalSeconds < 0.05 ? "" : Bytes((long)(bytes / elapsed.TotalSeconds)) + "/s";

    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalSeconds < 60
            ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s";

    public static string Plural(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
