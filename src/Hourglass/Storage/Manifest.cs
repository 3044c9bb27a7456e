using System.Text.Json.Serialization;

namespace Hourglass.Storage;

/// <summary>
/// What a set holds, written last: a set folder without a readable manifest is never treated as a backup.
/// Version 1 of the format documented in README "Files on disk".
/// </summary>
public sealed record Manifest
{
    public const int CurrentVersion = 1;
    public const string FileName = "manifest.json";

    public int Version { get; init; } = CurrentVersion;

    public required string Id { get; init; }

    public required string Tier { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required SetStatus Status { get; init; }

    public required ServerInfo Server { get; init; }

    public string? PgDump { get; init; }

    public required string Node { get; init; }

    public required IReadOnlyList<DatabaseDump> Databases { get; init; }

    /// <summary>Roles and tablespaces from <c>pg_dumpall --globals-only</c>; null when the set was taken without them.</summary>
    public DatabaseDump? Globals { get; init; }

    /// <summary>The last verification's result; null until the set is verified.</summary>
    public SetVerification? Verification { get; init; }

    /// <summary>The entry for <paramref name="database"/>, or null.</summary>
    public DatabaseDump? Find(string database) => Databases.FirstOrDefault(d => d.Name == database);
}

/// <summary>Whether every database of a set was dumped.</summary>
public enum SetStatus
{
    /// <summary>Every database dumped: it counts toward its tier's keep.</summary>
    [JsonStringEnumMemberName("complete")]
    Complete,

    /// <summary>At least one database failed; the others' dumps are good.</summary>
    [JsonStringEnumMemberName("partial")]
    Partial,
}

/// <summary>Whether one dump is good.</summary>
public enum DumpStatus
{
    /// <summary>pg_dump exited 0 and the stream ended with its completion line.</summary>
    [JsonStringEnumMemberName("ok")]
    Ok,

    /// <summary>Anything else; <see cref="DatabaseDump.Error"/> says what.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>The server a set was taken from.</summary>
public sealed record ServerInfo(string Host, int Port, string? Version);

/// <summary>One dump file of a set: its size before and after compression, checksum, timing and per-table row counts.</summary>
public sealed record DatabaseDump
{
    public required string Name { get; init; }

    /// <summary>The file's name inside the set folder.</summary>
    public required string File { get; init; }

    public string Format { get; init; } = "plain";

    /// <summary><c>zstd</c>, <c>gzip</c> or <c>none</c>.</summary>
    public required string Compression { get; init; }

    /// <summary>Size of the file on disk.</summary>
    public long Bytes { get; init; }

    /// <summary>Size of the plain SQL pg_dump wrote.</summary>
    public long RawBytes { get; init; }

    /// <summary>SHA-256 of the file on disk (what <c>sha256sum</c> prints), hex.</summary>
    public string? Sha256 { get; init; }

    public long DurationMs { get; init; }

    public required DumpStatus Status { get; init; }

    public string? Error { get; init; }

    /// <summary>Rows each table's <c>COPY</c> block held, keyed by the table's name as pg_dump quoted it.</summary>
    public IReadOnlyDictionary<string, long> Tables { get; init; } = new Dictionary<string, long>();
}
