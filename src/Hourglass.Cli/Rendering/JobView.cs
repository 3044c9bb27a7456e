using System.Globalization;
using System.Text.Json;
using Hourglass.Ledger;

namespace Hourglass.Cli.Rendering;

/// <summary>How the job table and <c>jobs show</c> write a <see cref="JobDocument"/> for people.</summary>
internal static class JobView
{
    /// <summary>The arguments in one short line: <c>tier=hourly dbs=a,b</c>.</summary>
    public static string ArgsLine(JobDocument job) => string.Join(" ", job.Args.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.Array
        ? $"{p.Name}={string.Join(",", p.Value.EnumerateArray().Select(v => v.ToString()))}"
        : $"{p.Name}={p.Value}"));

    public static string DurationText(JobDocument job) => job.DurationMs is { } ms ? Sizes.Duration(TimeSpan.FromMilliseconds(ms)) : "";

    public static string Short(string? time) =>
        time is null ? "" : DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).UtcDateTime.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
