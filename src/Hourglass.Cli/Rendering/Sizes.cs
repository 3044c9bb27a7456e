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

    /// <summary>How long ago, coarsely: <c>45s</c>, <c>12m</c>, <c>5h</c>, <c>3d</c>.</summary>
    public static string Age(TimeSpan age) =>
        age.TotalMinutes < 1 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
        : age.TotalHours < 1 ? $"{(int)age.TotalMinutes}m"
        : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
        : $"{(int)age.TotalDays}d";

    public static string Plural(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
