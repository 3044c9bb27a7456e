using System.Text.Json;
using System.Text.Json.Serialization;

using Hourglass.Storage;
namespace Hourglass.Ledger;

/// <summary>Arguments of a backup job: the tier and, when not all, which databases.</summary>
public sealed record BackupArgs(string Tier, IReadOnlyList<string>? Databases = null);

/// <summary>Arguments of a restore job (the CLI's restore options).</summary>
public sealed record RestoreArgs(string Set, string Database, string? Into = null, bool Force = false, string? Tier = null, string? Target = null);

/// <summary>Arguments of a verify job: a set (or <c>latest</c> of a tier), and whether to restore.</summary>
public sealed record VerifyArgs(string Set = "latest", string? Tier = null, bool Restore = false, bool CompleteOnly = false, string? Target = null);

/// <summary>Arguments of a prune job: one tier, or all when null; of the local root, or of a target.</summary>
public sealed record PruneArgs(string? Tier = null, string? Target = null);

/// <summary>Arguments of a copy job: a set of the local root and the target it goes to.</summary>
public sealed record CopyArgs(string Set, string Target);

/// <summary>A job's result summary and how it was triggered, stored in <see cref="Job.Meta"/>.</summary>
public sealed record JobMeta
{
    /// <summary><c>cron</c>, <c>catch-up</c> or <c>manual</c>.</summary>
    public string Trigger { get; init; } = "manual";

    public string? Node { get; init; }

    public string? SetId { get; init; }

    public string? Status { get; init; }

    public long? Bytes { get; init; }

    public long? DurationMs { get; init; }

    /// <summary>Per database: bytes and duration of its dump, or its error.</summary>
    public IReadOnlyDictionary<string, string>? Databases { get; init; }

    public string? Summary { get; init; }
}

/// <summary>JSON for job arguments and meta: camelCase, stable, compact.</summary>
public static class JobJson
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, typeof(T), JobJsonContext.Default);

    public static T Deserialize<T>(string json) =>
        (T)(JsonSerializer.Deserialize(json, typeof(T), JobJsonContext.Default) ?? throw new JsonException($"empty {typeof(T).Name}"));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BackupArgs))]
[JsonSerializable(typeof(RestoreArgs))]
[JsonSerializable(typeof(PruneArgs))]
[JsonSerializable(typeof(VerifyArgs))]
[JsonSerializable(typeof(CopyArgs))]
[JsonSerializable(typeof(JobMeta))]
internal sealed partial class JobJsonContext : JsonSerializerContext;
