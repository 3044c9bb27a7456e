using System.Diagnostics;
using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Backups;

/// <summary>
/// A set's memory does not grow with its number of databases: each dump's native compressor memory goes back to the
/// system when the dump is done. Compares the peak RSS of two real CLI runs (as <c>/usr/bin/time</c> reports it, at
/// exit), not times.
/// </summary>
public sealed class MemoryTests(PostgresCluster cluster)
{
    private const int Databases = 30;

    [Fact]
    public async Task Backup_ThirtyDatabases_PeakRssWithinThirtyPercentOfOneDatabase()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(File.Exists(TimeTool), $"{TimeTool} is needed to read a process's peak RSS: apt-get install time");
        // Each dump is ~3.5 MB of SQL, enough for native zstd to start its worker threads and fill their buffers.
        var template = await cluster.CreateDatabaseAsync(
            "memtpl",
            "CREATE TABLE d (id int, t text); INSERT INTO d SELECT g, repeat(md5(g::text), 3) FROM generate_series(1, 30000) g;",
            ct);
        var names = new List<string>();
        for (var i = 0; i < Databases; i++)
        {
            names.Add($"{template}_{i}");
            await cluster.ExecuteAsync("postgres", $"CREATE DATABASE \"{names[^1]}\" TEMPLATE \"{template}\"", ct);
        }

        using var one = new Workspace(cluster, names[0]);
        using var many = new Workspace(cluster, [.. names]);

        var onePeak = await PeakRssOfBackupAsync(one, ct);
        var manyPeak = await PeakRssOfBackupAsync(many, ct);

        // Measured here: 1.14-1.17 times with native memory returned after each dump, 1.69-1.76 times without.
        Assert.True(manyPeak <= onePeak * 1.3, $"peak RSS {manyPeak} KB for {Databases} databases against {onePeak} KB for one");
        Assert.Equal(Databases, Assert.Single(many.AllSets()).Manifest!.Databases.Count);
    }

    private const string TimeTool = "/usr/bin/time";

    /// <summary>Runs <c>hourglass backup</c> in the workspace (one dump at a time) and returns its peak RSS in KB.</summary>
    private static async Task<long> PeakRssOfBackupAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        workspace.WriteConfig(new
        {
            databases = workspace.Options.Databases,
            connection = new { host = workspace.Cluster.Host, port = workspace.Cluster.Port, username = workspace.Cluster.User },
            maxParallelDumps = 1,
            tiers = new { hourly = new { cron = "0 1 1 1 *", keep = 6 } },
        });
        var report = Path.Combine(workspace.Folder, "rss.txt");
        var info = new ProcessStartInfo(TimeTool) { WorkingDirectory = workspace.Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-f", "%M", "-o", report, .. Repository.CliCommand, "backup"])
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        Assert.True(process.ExitCode == 0, $"backup failed: {await stdout}{await stderr}");
        return long.Parse((await File.ReadAllLinesAsync(report, cancellationToken)).Last(l => l.Length > 0), CultureInfo.InvariantCulture);
    }
}
