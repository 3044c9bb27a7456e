using System.Diagnostics;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Fuzzing;

/// <summary>
/// Symbolic links planted in a set folder, pointing out of the backup root. Hourglass never writes one, so it must
/// never follow one: each target is a FIFO outside the root, which a read would block on for ever, so a run that
/// ends at all read nothing through the link. <c>verify</c> must report the set, and <c>restore</c> must refuse it.
/// </summary>
public sealed class SymlinkTests(PostgresCluster cluster)
{
    public static TheoryData<string> Plants => ["a dump", "the manifest", "the set folder"];

    [Theory]
    [MemberData(nameof(Plants))]
    public async Task Symlink_InASet_IsNeverFollowed_VerifyReportsIt_RestoreRefuses(string plant)
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("symlink", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup", "--tier", "daily")).ExitCode);
        var set = Assert.Single(workspace.AllSets("daily"));
        var folder = Path.Combine(workspace.Root, "daily", set.Id.Name);
        var outside = Directory.CreateTempSubdirectory("hourglass-outside-").FullName;
        try
        {
            var fifo = Path.Combine(outside, "fifo");
            Assert.Equal(0, await RunAsync(ct, "mkfifo", fifo));
            switch (plant)
            {
                case "a dump":
                    File.Delete(Path.Combine(folder, set.Manifest!.Databases[0].File));
                    File.CreateSymbolicLink(Path.Combine(folder, set.Manifest.Databases[0].File), fifo);
                    break;
                case "the manifest":
                    File.Delete(Path.Combine(folder, "manifest.json"));
                    File.CreateSymbolicLink(Path.Combine(folder, "manifest.json"), fifo);
                    break;
                default:
                    // The set's files moved out of the root, a FIFO for its manifest, and a link where the folder was.
                    var moved = Path.Combine(outside, "set");
                    Directory.Move(folder, moved);
                    File.Delete(Path.Combine(moved, "manifest.json"));
                    File.Move(fifo, Path.Combine(moved, "manifest.json"));
                    Directory.CreateSymbolicLink(folder, moved);
                    break;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var verify = await workspace.RunAsync(timeout.Token, "verify", set.Id.ToString());
            var restore = await workspace.RunAsync(timeout.Token, "restore", set.Id.ToString(), "--db", database, "--into", database + "_r");

            Assert.Equal(1, verify.ExitCode);
            Assert.Contains("symbolic link", verify.Stdout + verify.Stderr, StringComparison.Ordinal);
            Assert.False(verify.ShowsStackTrace, verify.ToString());
            Assert.NotEqual(0, restore.ExitCode);
            Assert.Contains("symbolic link", Assert.Single(restore.ErrorLines), StringComparison.Ordinal);
            Assert.False(restore.ShowsStackTrace, restore.ToString());
            Assert.False(await cluster.DatabaseExistsAsync(database + "_r", ct));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    /// <summary>A tier folder may be a link (a tier moved to another disk): its sets are read as usual.</summary>
    [Fact]
    public async Task Symlink_AsATierFolder_IsFollowed_VerifyPasses()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("symlink_tier", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        var elsewhere = Directory.CreateTempSubdirectory("hourglass-tier-").FullName;
        try
        {
            Directory.CreateDirectory(workspace.Root);
            Directory.CreateSymbolicLink(Path.Combine(workspace.Root, "daily"), elsewhere);
            Assert.Equal(0, (await workspace.RunAsync(ct, "backup", "--tier", "daily")).ExitCode);

            var verify = await workspace.RunAsync(ct, "verify", "latest", "--tier", "daily");

            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    private static async Task<int> RunAsync(CancellationToken cancellationToken, string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
