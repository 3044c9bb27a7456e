using System.Text.Json;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;
using Hourglass.Storage;
using Hourglass.Verification;

namespace Hourglass.IntegrationTests.Verification;

public sealed class ScheduledVerifyTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_SecondsCronVerify_LeavesItsResultInTheLedgerAndTheManifest()
    {
        var database = await cluster.CreateDatabaseAsync("scheduled", SampleSchemas.Rows(500), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteConfig(new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port },
            tiers = new { daily = new { cron = "0 0 1 1 *", keep = 7 } },
            verify = new { cron = "*/3 * * * * *", tier = "daily", restore = true },
        });
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
        await ledger.MigrateAsync(Ct);

        using var node = NodeProcess.Serve(workspace.Folder);
        var job = await Eventually.GetAsync(
            async () => (await ledger.ListAsync(new JobQuery([JobState.Completed], JobKind.Verify), Ct)).FirstOrDefault(),
            TimeSpan.FromSeconds(60),
            "a scheduled verify job to complete",
            () => node.Output);
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        var set = Assert.Single(workspace.AllSets());
        var meta = JobJson.Deserialize<JobMeta>(job.Meta);
        Assert.Equal(("verify/daily", "cron", "passed", set.Id.ToString()), (job.CronName, meta.Trigger, meta.Status, meta.SetId));
        var verification = set.Manifest!.Verification!;
        Assert.Equal((VerificationStatus.Passed, true), (verification.Status, verification.Restore));
        Assert.Equal(500, verification.Files.Single(f => f.Database == database).RowsCompared);
    }

    [Fact]
    public async Task ListAndStatus_ShowVerification_FailedVerificationFailsStatus_RequireVerifiedFailsWhenNever()
    {
        var database = await cluster.CreateDatabaseAsync("shown", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);
        using var node = NodeProcess.Serve(workspace.Folder);
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
        await ledger.MigrateAsync(Ct);
        await Eventually.GetAsync(async () => (await ledger.NodesAsync(Ct)).FirstOrDefault(), TimeSpan.FromSeconds(20), "a heartbeat");

        var never = await workspace.RunAsync(Ct, "list");
        var required = await workspace.RunAsync(new Dictionary<string, string?> { ["HOURGLASS__requireVerified"] = "true" }, Ct, "status");
        Assert.Equal(0, (await workspace.RunAsync(Ct, "verify")).ExitCode);
        var verified = await workspace.RunAsync(new Dictionary<string, string?> { ["HOURGLASS__requireVerified"] = "true" }, Ct, "status", "--json");
        var listed = await workspace.RunAsync(Ct, "list");
        File.Delete(Path.Combine(Assert.Single(workspace.AllSets()).Location, "globals.sql.zst"));
        Assert.Equal(1, (await workspace.RunAsync(Ct, "verify")).ExitCode);
        var failedList = await workspace.RunAsync(Ct, "list", "--json");
        var failedStatus = await workspace.RunAsync(Ct, "status");
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Contains("never", never.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, required.ExitCode);
        Assert.Contains("requireVerified is on", required.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, verified.ExitCode);
        using (var json = JsonDocument.Parse(verified.Stdout))
        {
            Assert.Equal("passed", json.RootElement.GetProperty("databases")[0].GetProperty("verification").GetString());
        }

        Assert.Matches(@"\d+s ago", listed.Stdout);
        using (var json = JsonDocument.Parse(failedList.Stdout))
        {
            var verification = json.RootElement.GetProperty("sets")[0].GetProperty("verification");
            Assert.Equal("failed", verification.GetProperty("status").GetString());
            Assert.Contains("globals.sql.zst is missing", verification.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, failedStatus.ExitCode);
        Assert.Contains("FAILED", failedStatus.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_TellsProvenByRestoreFromChecksumsOnly_AndShowsTheLastRestoreTime()
    {
        var database = await cluster.CreateDatabaseAsync("proven", SampleSchemas.Rows(200), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);

        Assert.Equal(0, (await workspace.RunAsync(Ct, "verify")).ExitCode);
        var checksums = await workspace.RunAsync(Ct, "status", "--json");
        var checksumsTable = await workspace.RunAsync(Ct, "status");
        Assert.Equal(0, (await workspace.RunAsync(Ct, "verify", "--restore")).ExitCode);
        var restored = await workspace.RunAsync(Ct, "status", "--json");
        var restoredTable = await workspace.RunAsync(Ct, "status");

        using (var json = JsonDocument.Parse(checksums.Stdout))
        {
            var row = json.RootElement.GetProperty("databases")[0];
            Assert.Equal("checksums", row.GetProperty("proof").GetString());
            Assert.Equal(JsonValueKind.Null, row.GetProperty("provenByRestoreAt").ValueKind);
            Assert.Equal(JsonValueKind.Null, row.GetProperty("restoreSeconds").ValueKind);
        }

        Assert.Contains("checksums only", checksumsTable.Stdout, StringComparison.Ordinal);
        Assert.Contains("never restored", checksumsTable.Stdout, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(restored.Stdout))
        {
            var row = json.RootElement.GetProperty("databases")[0];
            var verification = Assert.Single(workspace.AllSets()).Manifest!.Verification!;
            Assert.Equal("restore", row.GetProperty("proof").GetString());
            Assert.Equal(ManifestFile.FormatTime(verification.At), row.GetProperty("provenByRestoreAt").GetString());
            Assert.Equal(verification.Files.Single(f => f.Database == database).DurationMs / 1000.0, row.GetProperty("restoreSeconds").GetDouble(), 3);
        }

        Assert.Contains("proven by restore", restoredTable.Stdout, StringComparison.Ordinal);
    }
}
