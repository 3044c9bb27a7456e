using System.Text.RegularExpressions;

namespace Hourglass.Postgres;

/// <summary>The client programs Hourglass runs, and the lines their output must end with to count as complete.</summary>
internal static partial class PgClientTools
{
    public const string PgDump = "pg_dump";
    public const string PgDumpAll = "pg_dumpall";
    public const string Psql = "psql";

    /// <summary>The comment pg_dump writes last; a dump without it did not finish.</summary>
    public const string DumpCompleteLine = "-- PostgreSQL database dump complete";

    /// <summary>The comment pg_dumpall writes last.</summary>
    public const string ClusterDumpCompleteLine = "-- PostgreSQL database cluster dump complete";

    /// <summary>Arguments for a plain-format dump of one database.</summary>
    public static IReadOnlyList<string> DumpArguments(string database) =>
        ["--format=plain", "--no-password", "--dbname=" + ConnInfo.DbName(database)];

    /// <summary>
    /// Arguments for roles and tablespaces; role passwords only when we may read them. pg_dumpall connects to
    /// <c>postgres</c>, else <c>template1</c>, so the globals do not depend on any one configured database.
    /// </summary>
    public static IReadOnlyList<string> GlobalsArguments(bool superuser) =>
        superuser ? ["--globals-only", "--no-password"] : ["--globals-only", "--no-password", "--no-role-passwords"];

    /// <summary>Arguments for feeding a plain dump to psql: stop at the first error, all or nothing.</summary>
    /// <remarks>Verbose errors carry their SQLSTATE, which tells a dump's own error from the server's (<see cref="PgError.IsServerTrouble"/>).</remarks>
    public static IReadOnlyList<string> RestoreArguments(string database) =>
        ["-X", "-q", "--no-password", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", "--single-transaction", "--dbname=" + ConnInfo.DbName(database)];

    /// <summary>
    /// Arguments for one connection of a parallel load: stop at the first error, tuples only and unaligned, so that the
    /// load's own completion markers (a <c>SELECT</c> of a per-load token) come back as lines of their own.
    /// </summary>
    public static IReadOnlyList<string> LoadWorkerArguments(string database, bool singleTransaction) =>
        ["-X", "-q", "-t", "-A", "--no-password", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=verbose", .. singleTransaction ? new[] { "--single-transaction" } : [], "--dbname=" + ConnInfo.DbName(database)];

    /// <summary>Arguments for applying roles and tablespaces, where "already exists" is expected and not fatal.</summary>
    public static IReadOnlyList<string> GlobalsRestoreArguments(string database) =>
        ["-X", "-q", "--no-password", "--dbname=" + ConnInfo.DbName(database)];

    /// <summary>Throws the one-line "not found on PATH" error unless <paramref name="tool"/> can be run (<see cref="PgClientLocator"/>). No process is started.</summary>
    public static void EnsureInstalled(string tool) => PgClientLocator.Locate(tool);

    /// <summary>The version a client prints, e.g. <c>15.18</c>, or null when the tool is missing.</summary>
    public static async Task<string?> VersionAsync(string tool, CancellationToken cancellationToken)
    {
        try
        {
            await using var process = PgProcess.Start(tool, ["--version"], new Dictionary<string, string?>(), redirectStdin: false, drainStdout: false, cancellationToken);
            using var reader = new StreamReader(process.StandardOutput);
            var text = await reader.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var match = VersionPattern().Match(text);
            return match.Success ? match.Groups[1].Value : null;
        }
        catch (HourglassException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\(PostgreSQL\)\s+(\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();
}
