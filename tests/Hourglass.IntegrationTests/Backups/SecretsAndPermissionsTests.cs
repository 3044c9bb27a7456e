using Hourglass.IntegrationTests.Infrastructure;
using ZstdSharp;

namespace Hourglass.IntegrationTests.Backups;

public sealed class SecretsAndPermissionsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Backup_PasswordFromFile_NeverInArgumentsLogsOrFiles()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("secret", SampleSchemas.Incompressible(150_000), ct);
        using var workspace = new Workspace(cluster, database);
        var passwordFile = Path.Combine(workspace.Folder, "pgpassword");
        await File.WriteAllTextAsync(passwordFile, cluster.Password + "\n", ct);
        workspace.WriteConfig(new { databases = new[] { database }, connection = new { host = cluster.Host, port = cluster.Port, username = cluster.User, passwordFile = "pgpassword" } });
        var environment = new Dictionary<string, string?> { ["PGPASSWORD"] = null };

        var seenInArguments = new List<string>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcher = Task.Run(
            async () =>
            {
                while (!watching.IsCancellationRequested)
                {
                    seenInArguments.AddRange(ChildProcesses.AllCommandLines().Where(l => l.Contains(cluster.Password, StringComparison.Ordinal)));
                    await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, CancellationToken.None);
                }
            },
            CancellationToken.None);
        var backup = await workspace.RunAsync(environment, ct, "backup");
        var restore = await workspace.RunAsync(environment, ct, "restore", "latest", "--db", database, "--into", database + "_copy", "--globals");
        await watching.CancelAsync();
        await watcher;

        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(0, restore.ExitCode);
        Assert.Empty(seenInArguments);
        Assert.DoesNotContain(cluster.Password, backup.Stdout + backup.Stderr + restore.Stdout + restore.Stderr, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(workspace.Root, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file, ct);
            var text = file.EndsWith(".zst", StringComparison.Ordinal) ? new Decompressor().Unwrap(bytes).ToArray() : bytes;
            Assert.DoesNotContain(cluster.Password, System.Text.Encoding.UTF8.GetString(text), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Backup_CreatesDumpFiles0600AndFolders0700()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("perms", ct);
        using var workspace = new Workspace(cluster, database);

        var outcome = await workspace.Backups().RunAsync(new Hourglass.Backups.BackupRequest(), null, ct);

        const UnixFileMode folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode file = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(folder, File.GetUnixFileMode(workspace.Root));
        Assert.Equal(folder, File.GetUnixFileMode(Path.GetDirectoryName(outcome.Location)!));
        Assert.Equal(folder, File.GetUnixFileMode(outcome.Location));
        var files = Directory.GetFiles(outcome.Location);
        Assert.Equal(3, files.Length);
        Assert.All(files, f => Assert.Equal(file, File.GetUnixFileMode(f)));
    }
}
