using System.Globalization;
using Hourglass.Health;

namespace Hourglass.Web.Dashboard;

/// <summary>How the pages write sizes, ages, times and durations: short, and the same on every page.</summary>
internal static class Format
{
    /// <summary>A size as <c>hourglass list</c> writes it ("1.5 KiB", powers of 1024).</summary>
    public static string Bytes(long bytes) => StatusReporter.Size(bytes);

    /// <summary>An age as <c>hourglass status</c> writes it ("42s", "17m", "5h", "3d").</summary>
    public static string Age(TimeSpan age) => StatusReporter.Age(age);

    /// <summary>A moment as "2025-10-25 05:39 UTC".</summary>
    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>A moment in ISO 8601 (UTC), for <c>datetime</c> attributes.</summary>
    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A duration as "850 ms", "12.3 s" or "4m 05s".</summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds < 1 ? $"{(int)duration.TotalMilliseconds} ms"
        : duration.TotalMinutes < 1 ? duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : duration.TotalHours < 1 ? $"{(int)duration.TotalMinutes}m {duration.Seconds:00}s"
        : $"{(int)duration.TotalHours}h {duration.Minutes:00}m";
}
