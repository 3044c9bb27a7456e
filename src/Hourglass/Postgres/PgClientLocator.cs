using System.Collections.Concurrent;

namespace Hourglass.Postgres;

/// <summary>
/// Finds the client programs on this machine for <see cref="PgClientChoice"/>: the first match on PATH, and Debian's
/// per-version folders <c>/usr/lib/postgresql/N/bin</c>. Found once per process and program; found again only when a
/// version folder was added or removed since, so a long-running daemon picks up a newly installed client.
/// </summary>
internal static class PgClientLocator
{
    private const string VersionsFolder = "/usr/lib/postgresql";
    private const string DebianWrapper = "pg_wrapper";
    private static readonly ConcurrentDictionary<string, (DateTime VersionsChanged, PgClientBinary Binary)> Found = new();

    /// <summary>The program to run for <paramref name="tool"/> (pg_dump, pg_dumpall, psql). Only file-system lookups, no process is started.</summary>
    /// <exception cref="HourglassException">It is not on PATH.</exception>
    public static PgClientBinary Locate(string tool)
    {
        var changed = Directory.GetLastWriteTimeUtc(VersionsFolder);
        if (Found.TryGetValue(tool, out var found) && found.VersionsChanged == changed)
        {
            return found.Binary;
        }

        var binary = Locate(tool, serverMajor: null);
        Found[tool] = (changed, binary);
        return binary;
    }

    /// <summary>As <see cref="Locate(string)"/>, and the one-line error when every installed version is older than <paramref name="serverMajor"/>.</summary>
    public static PgClientBinary Locate(string tool, int? serverMajor) =>
        PgClientChoice.Choose(tool, FirstOnPath(tool), Installed(tool), serverMajor);

    private static PathClient? FirstOnPath(string tool)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, tool))
            .FirstOrDefault(IsExecutable);
        if (path is null)
        {
            return null;
        }

        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        return new PathClient(path, Path.GetFileName(target) == DebianWrapper);
    }

    private static List<InstalledClient> Installed(string tool)
    {
        if (!Directory.Exists(VersionsFolder))
        {
            return [];
        }

        // Folders such as 9.6 belong to versions no longer supported by any current client; only whole majors count.
        return Directory.EnumerateDirectories(VersionsFolder)
            .Select(folder => (Name: Path.GetFileName(folder), Program: Path.Combine(folder, "bin", tool)))
            .Where(c => int.TryParse(c.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) && IsExecutable(c.Program))
            .Select(c => new InstalledClient(int.Parse(c.Name, System.Globalization.CultureInfo.InvariantCulture), c.Program))
            .ToList();
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
