using System.Text;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>The AWS secret key and the age identity never leave where they are kept: not in output, objects, manifests or the ledger.</summary>
public sealed class TargetSecretsTests(PostgresCluster cluster, S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CopyJobAndCommands_EncryptingTarget_NoSecretInOutputObjectsManifestsOrLedger()
    {
        var source = await cluster.CreateDatabaseAsync("secrets", SampleSchemas.Rows(300), Ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct);
        // A cron with seconds (that never comes during the test) makes the node tick every second rather than every
        // minute, so the copy is planned right after the backup job's set is committed.
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(encrypt: true)), key, tiers: new { daily = new { cron = "0 0 0 1 1 *", keep = 7 } });
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
        var runs = new List<CliResult> { await workspace.RunAsync(Ct, "enqueue", "backup", "--tier", "daily") };

        // The copy job that follows the backup job, run by a node.
        string nodeOutput;
        using (var node = NodeProcess.Serve(workspace.Folder))
        {
            await Eventually.GetAsync(
                async () => (await ledger.ListAsync(new JobQuery([JobState.Completed], JobKind.Copy), Ct)).FirstOrDefault(),
                TimeSpan.FromSeconds(60),
                "the copy job to complete",
                () => node.Output);
            await node.TerminateAsync(TimeSpan.FromSeconds(15));
            nodeOutput = node.Output;
        }

        runs.Add(await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite"));
        runs.Add(await workspace.RunAsync(Ct, "list", "--target", "offsite", "--json"));
        runs.Add(await workspace.RunAsync(Ct, "list", "--json"));
        // Exits 1 here (no node is running any more), which is beside the point.
        var status = await workspace.RunAsync(Ct, "status", "--json");
        runs.Add(status);
        runs.Add(await workspace.RunAsync(Ct, "jobs", "--json"));
        runs.Add(await workspace.RunAsync(Ct, "verify", "--target", "offsite", "--json"));
        runs.Add(await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--target", "offsite", "--into", source + "_back"));

        Assert.All(runs.Where(r => r != status), run => Assert.True(run.ExitCode == 0, run.ToString()));
        var places = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["serve"] = Encoding.UTF8.GetBytes(nodeOutput) };
        foreach (var (run, i) in runs.Select((run, i) => (run, i)))
        {
            places[$"run {i} stdout"] = Encoding.UTF8.GetBytes(run.Stdout);
            places[$"run {i} stderr"] = Encoding.UTF8.GetBytes(run.Stderr);
        }

        foreach (var objectKey in await offsite.KeysAsync(Ct))
        {
            places[objectKey] = await offsite.ReadAsync(objectKey, Ct);
        }

        // The ledger (with its write-ahead log) and every manifest and file of the local root.
        foreach (var file in Directory.EnumerateFiles(workspace.Root, "*", SearchOption.AllDirectories))
        {
            places[file] = await File.ReadAllBytesAsync(file, Ct);
        }

        Assert.Contains(places.Keys, k => k.EndsWith(JobLedgerFactory.SqliteFileName, StringComparison.Ordinal));
        Assert.Contains(places.Keys, k => k.EndsWith("/manifest.json", StringComparison.Ordinal) && k.StartsWith(Offsite.Prefix, StringComparison.Ordinal));
        foreach (var secret in new[] { s3.SecretAccessKey, key.Secret, key.Secret["AGE-SECRET-KEY-1".Length..] })
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            Assert.All(places, place => Assert.False(place.Value.AsSpan().IndexOf(bytes) >= 0, $"a secret is in {place.Key}"));
        }
    }
}
