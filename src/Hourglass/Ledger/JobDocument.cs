using System.Globalization;
using System.Text.Json;
using Hourglass.Storage;

namespace Hourglass.Ledger;

/// <summary>A job as <c>jobs --json</c> and <c>jobs show --json</c> print it and the API returns it (stable; fields are only added).</summary>
public sealed record JobDocument(
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
    IReadOnlyList<JobErrorDocument>? Errors)
{
    /// <summary>A job with every error (for <c>jobs show</c>).</summary>
    public static JobDocument From(Job job, IReadOnlyList<JobError> errors) =>
        From(job, errors.LastOrDefault()?.Message, errors.Select(e => new JobErrorDocument(e.Attempt, ManifestFile.FormatTime(e.At), e.Node, e.Message)).ToList());

    /// <summary>A job with only its last error (for listings).</summary>
    public static JobDocument From(Job job, string? lastError, IReadOnlyList<JobErrorDocument>? errors = null)
    {
        var meta = JobJson.Deserialize<JobMeta>(job.Meta);
        return new JobDocument(
            job.Id,
            Lower(job.Kind),
            Lower(job.State),
            job.Attempt,
            job.MaxAttempts,
            Parse(job.Args),
            ManifestFile.FormatTime(job.ScheduledAt),
            ManifestFile.FormatTime(job.InsertedAt),
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

    private static string? Time(DateTimeOffset? value) => value is { } v ? ManifestFile.FormatTime(v) : null;

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record JobErrorDocument(int Attempt, string At, string Node, string Message);
