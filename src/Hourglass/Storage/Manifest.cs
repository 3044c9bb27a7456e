using System.Text.Json;
using System.Text.Json.Serialization;
using Hourglass.Configuration;
using Hourglass.Postgres;

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

    /// <summary>
    /// The first thing that makes this manifest unsafe to act on, or null. A manifest is input like any other file of a
    /// set (and a set read back from another store was written by whoever could write there): its file names are
    /// joined to the set's folder and its table names reach SQL, so they are checked, with its id, sizes and counts,
    /// before anything uses them.
    /// </summary>
    internal string? FindProblem()
    {
        if (Version < 1)
        {
            return $"version {Version} is not a manifest version";
        }

        if (Tier is null || !TierName.IsValid(Tier))
        {
            return $"tier {Shown(Tier)} is not a tier name";
        }

        if (Id is null || SetId.TryParse(Id, null) is not { } id || id.Tier != Tier)
        {
            return $"id {Shown(Id)} is not {Tier}/backup_YYYYMMDD_HHMMSS";
        }

        if (Server is null || Node is null || Databases is null)
        {
            return "it lacks its server, node or databases";
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dump in Databases)
        {
            var problem = dump is null ? "a database entry is empty"
                : dump.FindProblem() ?? (names.Add(dump.Name) ? null : $"database {Shown(dump.Name)} is listed twice");
            if (problem is not null)
            {
                return problem;
            }
        }

        if (Globals?.FindProblem() is { } globalsProblem)
        {
            return globalsProblem;
        }

        return Verification is { Problems: null } or { Files: null }
            || Verification?.Problems.Any(p => p is null) == true
            || Verification?.Files.Any(f => f is null || f.Problems is null || f.File is null) == true
            ? "its verification lacks its problems or files"
            : null;
    }

    /// <summary>Manifest text as an error message shows it: quoted, control characters escaped, and not too long to read.</summary>
    internal static string Shown(string? text) =>
        text is null ? "null" : ManifestFile.Quoted(text.Length > 80 ? text[..80] + "…" : text);
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

    /// <summary>SHA-256 of the file as stored (what <c>sha256sum</c> prints; of the encrypted bytes when encrypted), hex.</summary>
    public string? Sha256 { get; init; }

    /// <summary><c>age</c> when the stored file is encrypted (README "Encryption"); absent when it is not.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Encryption { get; init; }

    /// <summary>For an encrypted file: the SHA-256 of what it decrypts to (the compressed dump), so a decrypted copy can be checked too.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DecryptedSha256 { get; init; }

    /// <summary>For an encrypted file: the size of what it decrypts to.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DecryptedBytes { get; init; }

    /// <summary>The encryption format this Hourglass writes and reads.</summary>
    public const string AgeEncryption = "age";

    public long DurationMs { get; init; }

    public required DumpStatus Status { get; init; }

    public string? Error { get; init; }

    /// <summary>Rows each table's <c>COPY</c> block held, keyed by the table's name as pg_dump quoted it.</summary>
    public IReadOnlyDictionary<string, long> Tables { get; init; } = new Dictionary<string, long>();

    /// <summary>What makes this entry unsafe to act on, or null: see <see cref="Manifest.FindProblem"/>.</summary>
    internal string? FindProblem()
    {
        var name = Manifest.Shown(Name);
        if (string.IsNullOrEmpty(Name) || Name.Contains('\0', StringComparison.Ordinal))
        {
            return $"database {name} is not a database name";
        }

        if (!SetFileName.IsPlain(File))
        {
            return $"database {name} has file {Manifest.Shown(File)}, which is not a plain file name in the set's folder";
        }

        if (!Enum.GetNames<Configuration.CompressionKind>().Contains(Compression, StringComparer.OrdinalIgnoreCase))
        {
            return $"database {name} has compression {Manifest.Shown(Compression)}, not one of zstd, gzip, none";
        }

        if (Encryption is not (null or AgeEncryption))
        {
            return $"database {name} has encryption {Manifest.Shown(Encryption)}, not age";
        }

        if (Bytes < 0 || RawBytes < 0 || DurationMs < 0 || DecryptedBytes < 0)
        {
            return $"database {name} has a negative size or duration";
        }

        if (Tables is null)
        {
            return $"database {name} lacks its tables";
        }

        foreach (var (table, rows) in Tables)
        {
            if (QualifiedName.TryParse(table) is null)
            {
                return $"database {name} lists table {Manifest.Shown(table)}, which is not a schema-qualified table name as pg_dump writes it";
            }

            if (rows < 0)
            {
                return $"database {name} has {rows} rows in table {Manifest.Shown(table)}";
            }
        }

        return null;
    }

}
