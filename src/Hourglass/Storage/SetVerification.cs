using System.Text.Json.Serialization;

namespace Hourglass.Storage;

/// <summary>
/// The last verification of a set, stored in its manifest (<c>verification</c>): when, what was checked, and pass or
/// the exact problems. Written atomically with the rest of the manifest.
/// </summary>
public sealed record SetVerification
{
    public required DateTimeOffset At { get; init; }

    public required string Node { get; init; }

    /// <summary>True when dumps were also restored into scratch databases and compared.</summary>
    public required bool Restore { get; init; }

    public required VerificationStatus Status { get; init; }

    /// <summary>Every problem found, each naming its file and what differed. Empty when passed.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>What was checked per file.</summary>
    public IReadOnlyList<FileVerification> Files { get; init; } = [];

    /// <summary>Databases whose dumps passed every check made.</summary>
    public IEnumerable<string> PassedDatabases => Files.Where(f => f.Database is not null && f.Problems.Count == 0).Select(f => f.Database!);
}

/// <summary>Whether a verification found nothing wrong.</summary>
public enum VerificationStatus
{
    [JsonStringEnumMemberName("passed")]
    Passed,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>What was checked for one file of a set, and what a test restore of it found.</summary>
public sealed record FileVerification
{
    public required string File { get; init; }

    /// <summary>The database the dump is of; null for the globals.</summary>
    public string? Database { get; init; }

    public long Bytes { get; init; }

    public long RawBytes { get; init; }

    /// <summary>Tables whose rows were compared after a test restore.</summary>
    public int? TablesCompared { get; init; }

    public long? RowsCompared { get; init; }

    /// <summary>Objects of the restored schema by kind: tables, views, functions, sequences, indexes.</summary>
    public IReadOnlyDictionary<string, long>? Objects { get; init; }

    public long DurationMs { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];
}
