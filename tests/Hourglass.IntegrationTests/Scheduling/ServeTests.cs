using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Scheduling;

/// <summary><c>hourglass serve</c> as a real process: shutdown, crashes, and the SQLite ledger.</summary>
[Collection(nameof(RunsAlone))]
public sealed class ServeTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A database whose dump takes a few seconds at compression level 19, long enough to interrupt.</summary>
    private async Task<Workspace> SlowBackupWorkspaceAsync(string prefix, string lease = "00:01:00")
    {
        var database = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Incompressible(100_000), Ct);
        var workspace = new Workspace(cluster, database);
        workspace.WriteConfig(new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port },
            compressionLevel = 19,
            lease,
            tiers = new { yearly = new { cron = "0 0 1 1 *", keep = 3 } },
        });
        return workspace;
    }

    private static IJobLedger Ledger(Workspace workspace) =>
        JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });

    private static async Task<long> EnqueueAsync(Workspace workspace)
    {
        var queued = await workspace.RunAsync(Ct, "enqueue", "backup");
        Assert.Equal(0, queued.ExitCode);
        return long.Parse(queued.Stdout.Trim().Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<Job> WaitForAsync(IJobLedger ledger, long id, Func<Job, bool> condition, TimeSpan timeout, NodeProcess node) =>
        Eventually.GetAsync(
            async () => await ledger.GetAsync(id, Ct) is { } job && condition(job) ? job : null,
            timeout,
            $"job {id}",
            () => node.Output);

    [Fact]
    public async Task Serve_SigtermMidDump_ExitsWithin10sLeavesNoPartialAndTheJobRunsOnNextStart()
    {
        using var workspace = await SlowBackupWorkspaceAsync("sigterm");
        var id = await EnqueueAsync(workspace);
        var ledger = Ledger(workspace);

        TimeSpan took;
        using (var first = NodeProcess.Serve(workspace.Folder))
        {
            await WaitForAsync(ledger, id, j => j.State == JobState.Executing, TimeSpan.FromSeconds(30), first);
            await Eventually.GetAsync(() => Task.FromResult(workspace.Entries().FirstOrDefault(e => e.EndsWith(".sql.zst", StringComparison.Ordinal))), TimeSpan.FromSeconds(20), "the dump to start");
            took = await first.TerminateAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("put back without using an attempt", first.Output, StringComparison.Ordinal);
        }

        var released = (await ledger.GetAsync(id, Ct))!;
        Assert.True(took < TimeSpan.FromSeconds(10), $"took {took}");
        Assert.Equal((JobState.Retryable, 0), (released.State, released.Attempt));
        Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
        Assert.DoesNotContain(ChildProcesses.AllCommandLines(), line => line.StartsWith("pg_dump", StringComparison.Ordinal) && line.Contains(workspace.Options.Databases[0], StringComparison.Ordinal));

        using var second = NodeProcess.Serve(workspace.Folder);
        var done = await WaitForAsync(ledger, id, j => j.IsFinished, TimeSpan.FromSeconds(90), second);
        await second.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal((JobState.Completed, 1), (done.State, done.Attempt));
        Assert.Single(workspace.AllSets(), s => s.Manifest?.Status == Hourglass.Storage.SetStatus.Complete);
    }

    [Fact]
    public async Task Serve_KilledWithSigkillMidDump_JobRescuedAfterTheLeaseAndRerunWithNextAttempt()
    {
        using var workspace = await SlowBackupWorkspaceAsync("sigkill", lease: "00:00:04");
        var id = await EnqueueAsync(workspace);
        var ledger = Ledger(workspace);

        using (var doomed = NodeProcess.Serve(workspace.Folder))
        {
            await WaitForAsync(ledger, id, j => j.State == JobState.Executing, TimeSpan.FromSeconds(30), doomed);
            doomed.KillHard();
        }

        using var survivor = NodeProcess.Serve(workspace.Folder);
        var done = await WaitForAsync(ledger, id, j => j.IsFinished, TimeSpan.FromSeconds(120), survivor);
        await survivor.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal((JobState.Completed, 2), (done.State, done.Attempt));
        Assert.Contains("lease expired", Assert.Single(await ledger.ErrorsAsync(id, Ct)).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
        Assert.Single(workspace.AllSets());
    }

    [Fact]
    public async Task JobsCancel_ExecutingJob_StopsAtItsNextHeartbeatKillingPgDump()
    {
        using var workspace = await SlowBackupWorkspaceAsync("cancel", lease: "00:00:03");
        var id = await EnqueueAsync(workspace);
        var ledger = Ledger(workspace);
        using var node = NodeProcess.Serve(workspace.Folder);
        await WaitForAsync(ledger, id, j => j.State == JobState.Executing, TimeSpan.FromSeconds(30), node);

        var cancel = await workspace.RunAsync(Ct, "jobs", "cancel", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var cancelled = await WaitForAsync(ledger, id, j => j.IsFinished, TimeSpan.FromSeconds(20), node);
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, cancel.ExitCode);
        Assert.Contains("is cancelled", cancel.Stdout, StringComparison.Ordinal);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Empty(workspace.AllSets());
        Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
        Assert.DoesNotContain(ChildProcesses.AllCommandLines(), line => line.StartsWith("pg_dump", StringComparison.Ordinal) && line.Contains(workspace.Options.Databases[0], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_LogFormatJson_OneJsonObjectPerLineWithNamedFields()
    {
        var database = await cluster.CreateDatabaseAsync("jsonlog", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        var id = await EnqueueAsync(workspace);
        using var node = NodeProcess.Serve(workspace.Folder, null, "--log-format", "json");
        await WaitForAsync(Ledger(workspace), id, j => j.IsFinished, TimeSpan.FromSeconds(30), node);
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var events = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        var completed = Assert.Single(events, e => e.GetProperty("EventId").GetInt32() == 1401);
        Assert.Equal(id, completed.GetProperty("State").GetProperty("JobId").GetInt64());
        Assert.Contains(events, e => e.GetProperty("EventId").GetInt32() == 1001 && e.GetProperty("State").GetProperty("Database").GetString() == database);
    }

    [Fact]
    public async Task Enqueue_Twice_SecondSaysAlreadyQueued_AndWaitFollowsItToCompletion()
    {
        var database = await cluster.CreateDatabaseAsync("waited", SampleSchemas.Rows(100), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);

        var first = await workspace.RunAsync(Ct, "enqueue", "backup", "--tier", "daily");
        var second = await workspace.RunAsync(Ct, "enqueue", "backup", "--tier", "daily");
        using var node = NodeProcess.Serve(workspace.Folder);
        var waited = await workspace.RunAsync(Ct, "enqueue", "backup", "--tier", "daily", "--wait");
        var jobs = await workspace.RunAsync(Ct, "jobs", "--json");
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal("queued as job 1", first.Stdout.Trim());
        Assert.Equal("already queued as job 1", second.Stdout.Trim());
        Assert.Equal(0, waited.ExitCode);
        Assert.Contains("done: daily/backup_", waited.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"state\": \"completed\"", jobs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_FreshBackupAndLiveNode_Exit0_StaleBackup_Exit1()
    {
        var database = await cluster.CreateDatabaseAsync("status", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);

        CliResult fresh;
        using (var node = NodeProcess.Serve(workspace.Folder))
        {
            var ledger = Ledger(workspace);
            await ledger.MigrateAsync(Ct);
            await Eventually.GetAsync(async () => (await ledger.NodesAsync(Ct)).FirstOrDefault(), TimeSpan.FromSeconds(20), "the node's heartbeat");
            fresh = await workspace.RunAsync(Ct, "status");
            // The set must be older than the 1 s limit below however fast the node came up (the whole test can take under 2 s).
            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, Ct);
            var stale = await workspace.RunAsync(new Dictionary<string, string?> { ["HOURGLASS__staleAfter"] = "00:00:01" }, Ct, "status", "--json");
            Assert.Equal(1, stale.ExitCode);
            Assert.Contains("\"stale\": true", stale.Stdout, StringComparison.Ordinal);
            await node.TerminateAsync(TimeSpan.FromSeconds(15));
        }

        var noNode = await workspace.RunAsync(Ct, "status");

        Assert.Equal(0, fresh.ExitCode);
        Assert.Contains("status: ok", fresh.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, noNode.ExitCode);
        Assert.Contains("no node has sent a heartbeat", noNode.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_HealthyDatabaseAndLiveNode_EveryCheckOkExit0()
    {
        var database = await cluster.CreateDatabaseAsync("doctor_ok", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        using var node = NodeProcess.Serve(workspace.Folder);
        var ledger = Ledger(workspace);
        await ledger.MigrateAsync(Ct);
        await Eventually.GetAsync(async () => (await ledger.NodesAsync(Ct)).FirstOrDefault(), TimeSpan.FromSeconds(20), "the node's heartbeat");

        var result = await workspace.RunAsync(Ct, "doctor");
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("FAIL", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("All checks passed.", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK    node: ", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_MissingDatabaseAndNoNode_Exit1WithFixes()
    {
        var database = await cluster.CreateDatabaseAsync("doctor", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database, "doctor_missing_db");
        workspace.WriteDefaultConfig();

        var result = await workspace.RunAsync(Ct, "doctor");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"OK    connect {database}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains($"OK    pg_dump {database}: a schema-only dump works", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL  connect doctor_missing_db: database \"doctor_missing_db\" does not exist: create it", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("FAIL  node: no node has sent a heartbeat", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("OK    ledger: SQLite", result.Stdout, StringComparison.Ordinal);
    }
}
