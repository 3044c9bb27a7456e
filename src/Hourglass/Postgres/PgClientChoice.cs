namespace Hourglass.Postgres;

/// <summary>A client program found in a version's own folder, e.g. 15 and <c>/usr/lib/postgresql/15/bin/pg_dump</c>.</summary>
internal sealed record InstalledClient(int Major, string Path);

/// <summary>The first match for a client program on PATH, and whether it is Debian's <c>pg_wrapper</c> rather than the program itself.</summary>
internal sealed record PathClient(string Path, bool IsWrapper);

/// <summary>The client program Hourglass runs: its full path, and its major version when known from where it was found.</summary>
internal sealed record PgClientBinary(string Tool, string Path, int? Major);

/// <summary>
/// Which pg_dump, pg_dumpall or psql to run. PATH decides, as for any program: the first match is run, so a client
/// the user put first on PATH is the one used, and none on PATH is the "not found on PATH" error. Only when the match
/// is Debian's <c>pg_wrapper</c> (<c>/usr/bin/pg_dump</c> on Debian and Ubuntu), a Perl dispatcher that costs about
/// 25 ms per call, is its choice made here instead: the newest installed version, run straight from its folder,
/// because a pg_dump may dump any older server but never a newer one. A wrapper without installed versions is run as
/// it is.
/// </summary>
internal static class PgClientChoice
{
    /// <summary>Chooses the program; <paramref name="serverMajor"/>, when known, turns a too old choice into the one-line error.</summary>
    /// <exception cref="HourglassException">The program is not installed, or every installed version is older than the server.</exception>
    public static PgClientBinary Choose(string tool, PathClient? onPath, IReadOnlyList<InstalledClient> installed, int? serverMajor)
    {
        if (onPath is null)
        {
            throw Errors.ToolMissing(tool);
        }

        var newest = installed.MaxBy(c => c.Major);
        if (!onPath.IsWrapper || newest is null)
        {
            return new PgClientBinary(tool, onPath.Path, null);
        }

        if (newest.Major < serverMajor)
        {
            throw Errors.ClientTooOld(tool, newest.Major, serverMajor.Value);
        }

        return new PgClientBinary(tool, newest.Path, newest.Major);
    }
}
