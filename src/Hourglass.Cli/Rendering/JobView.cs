using System.Globalization;
using System.Text.Json;
using Hourglass.Ledger;

namespace Hourglass.Cli.Rendering;

/// <summary>A job as <c>jobs --json</c> and <c>jobs show --json</c> print it (stable; fields are only added).</summary>
internal sealed record JobView(
    long Id,
    string Kind,
    string State,
    int Attempt,
    int MaxAttempts,
    JsonElement Args,
    string ScheduledAt,
    string InsertedAt,
    string? AttemptedAt,
    string? FinishedAt,
    long? DurationMs,
    string? Node,
    string? CronName,
    string? CronSlot,
    JsonElement Meta,
    string? LastError,
    IReadOnlyList<JobErrorView>? Errors)
{
    /// <summary>A job with every error (for <c>jobs show</c>).</summary>
    public static JobView From(Job job, IReadOnlyList<JobError> errors) =>
        From(job, errors.LastOrDefault()?.Message, errors.Select(e => new JobErrorView(e.Attempt, JsonOutput.Time(e.At), e.Node, e.Message)).ToList());

    /// <summary>A job with only its last error (for listings).</summary>
    public static JobView From(Job job, string? lastError, IReadOnlyList<JobErrorView>? errors = null)
    {
        var meta = JobJson.Deserialize<JobMeta>(job.Meta);
        return new JobView(
            job.Id,
            Lower(job.Kind),
            Lower(job.State),
            job.Attempt,
            job.MaxAttempts,
            Parse(job.Args),
            JsonOutput.Time(job.ScheduledAt),
            JsonOutput.Time(job.InsertedAt),
            Time(job.AttemptedAt),
            Time(job.FinishedAt),
            job is { AttemptedAt: { } started, FinishedAt: { } finished } ? (long)(finished - started).TotalMilliseconds : null,
            job.LeaseOwner ?? meta.Node,
            job.CronName,
            Time(job.CronSlot),
            Parse(job.Meta),
            lastError,
            errors);
    }

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? Time(DateTimeOffset? value) => value is { } v ? JsonOutput.Time(v) : null;

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The arguments in one short line: <c>tier=hourly dbs=a,b</c>.</summary>
    public string ArgsLine => string.Join(" ", Args.EnumerateObject().Select(p => p.Value.ValueKind == JsonValueKind.Array
        ? $"{p.Name}={string.Join(",", p.Value.EnumerateArray().Select(v => v.ToString()))}"
        : $"{p.Name}={p.Value}"));

    public string DurationText => DurationMs is { } ms ? Sizes.Duration(TimeSpan.FromMilliseconds(ms)) : "";

    public static string Short(string? time) =>
        time is null ? "" : DateTimeOffset.Parse(time, CultureInfo.InvariantCulture).UtcDateTime.ToString("MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

internal sealed record JobErrorView(int Attempt, string At, string Node, string Message);
