namespace Hourglass.Configuration;

/// <summary>How dump files are compressed on disk.</summary>
public enum CompressionKind
{
    /// <summary><c>{db}.sql.zst</c>: fast and small; the default.</summary>
    Zstd,

    /// <summary><c>{db}.sql.gz</c>: readable by anything.</summary>
    Gzip,

    /// <summary><c>{db}.sql</c>: the plain dump, exactly what pg_dump wrote.</summary>
    None,
}
