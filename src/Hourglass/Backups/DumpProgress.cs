namespace Hourglass.Backups;

/// <summary>Where one dump of a running set is.</summary>
public enum DumpPhase
{
    Waiting,
    Dumping,
    Done,
    Failed,
}

/// <summary>A progress report for one file of a running set (a database, or the globals).</summary>
/// <param name="Database">The database, or <c>globals</c>.</param>
/// <param name="Phase">Where it is.</param>
/// <param name="RawBytes">Plain SQL read from pg_dump so far.</param>
/// <param name="Bytes">Bytes written to disk so far.</param>
/// <param name="Elapsed">Time since this dump started.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record DumpProgress(string Database, DumpPhase Phase, long RawBytes, long Bytes, TimeSpan Elapsed, string? Error = null);
