using System.Globalization;

namespace Hourglass.Cli.Rendering;

/// <summary>Human-readable sizes, durations and rates for tables and summaries.</summary>
internal static class Sizes
{
    public static string Bytes(long bytes) => Health.StatusReporter.Size(bytes);

    public static string Rate(long bytes, TimeSpan elapsed) =>
        elapsed.TotalSeconds < 0.05 ? "" : Bytes((long)(bytes / elapsed.TotalSeconds)) + "/s";

    public static string Duration(TimeSpan elapsed) =>
        elapsed.TotalSeconds < 60
            ? elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
            : $"{(int)elapsed.TotalMinutes}m{elapsed.Seconds:00}s";

    public static string Plural(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
