namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Finds processes through /proc: the pg_dump a backup started, or every command line on the machine.</summary>
internal static class ChildProcesses
{
    /// <summary>
    /// Process ids of programs named <paramref name="name"/>, started by this process, whose command line contains
    /// <paramref name="argument"/>; tests run in parallel, so a test touches only its own children.
    /// </summary>
    public static IReadOnlyList<int> Named(string name, string argument)
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var comm = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..stat.LastIndexOf(')')];
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
                if (comm == name && parent == self && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains(argument, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        return found;
    }

    /// <summary>Every process's full command line, NULs as spaces.</summary>
    public static IEnumerable<string> AllCommandLines()
    {
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            string? line = null;
            try
            {
                if (int.TryParse(Path.GetFileName(folder), out _))
                {
                    line = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            if (line is not null)
            {
                yield return line;
            }
        }
    }
}
