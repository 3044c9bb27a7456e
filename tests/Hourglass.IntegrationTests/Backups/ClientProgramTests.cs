using System.Text.RegularExpressions;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Backups;

/// <summary>Which pg_dump, pg_dumpall and psql run: Debian's per-version folders instead of pg_wrapper, unless the user put their own first on PATH.</summary>
public sealed class ClientProgramTests(PostgresCluster cluster)
{
    private const string VersionsFolder = "/usr/lib/postgresql";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static bool DebianWrapperOnPath =>
        Path.GetFileName(File.ResolveLinkTarget("/usr/bin/pg_dump", returnFinalTarget: true)?.FullName) == "pg_wrapper";

    [Fact]
    public async Task Doctor_DebianWrapperOnPath_NamesTheProgramsInTheVersionFolder()
    {
        Assert.SkipUnless(DebianWrapperOnPath, "needs Debian's pg_wrapper as /usr/bin/pg_dump");
        var database = await cluster.CreateDatabaseAsync("doctorbin", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);

        var result = await workspace.RunAsync(Ct, "doctor");

        foreach (var tool in new[] { "pg_dump", "pg_dumpall", "psql" })
        {
            // The version the program prints is the one of the folder it was run from.
            Assert.Matches(new Regex($@"OK    {tool}: (\d+)\.\d+ \({VersionsFolder}/\1/bin/{tool}\)"), result.Stdout);
        }
    }

    [Fact]
    public async Task BackupAndRestore_OwnClientFirstOnPath_RunsIt()
    {
        var source = await cluster.CreateDatabaseAsync("ownbin", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig(quiet: true);
        var bin = Directory.CreateDirectory(Path.Combine(workspace.Folder, "bin")).FullName;
        var ran = Path.Combine(workspace.Folder, "ran.txt");
        foreach (var tool in new[] { "pg_dump", "pg_dumpall", "psql" })
        {
            // Each stand-in notes that it ran, then runs the real program found the usual way, after itself on PATH.
            var script = Path.Combine(bin, tool);
            await File.WriteAllTextAsync(
                script,
                $"#!/bin/sh\necho {tool} >> '{ran}'\nPATH=${{PATH#*:}} exec {tool} \"$@\"\n",
                Ct);
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var environment = new Dictionary<string, string?> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };
        var backup = await workspace.RunAsync(environment, Ct, "backup");
        var restore = await workspace.RunAsync(environment, Ct, "restore", "latest", "--db", source, "--into", source + "_back");

        Assert.True(backup.ExitCode == 0, backup.ToString());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(10L, await cluster.ScalarAsync<long>(source + "_back", "SELECT count(*) FROM items", Ct));
        Assert.Equal(["pg_dump", "pg_dumpall", "psql"], (await File.ReadAllLinesAsync(ran, Ct)).Distinct().Order(StringComparer.Ordinal));
    }
}
