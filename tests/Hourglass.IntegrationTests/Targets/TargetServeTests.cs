using System.Globalization;
using System.Text.Json;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Targets;

/// <summary><c>hourglass serve</c> copying every new set to its targets as ledger jobs: several targets, one down, a server dying mid-upload.</summary>
public sealed class TargetServeTests(PostgresCluster cluster, S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The workspace's SQLite ledger, created if no command has yet.</summary>
    private static async Task<IJobLedger> LedgerAsync(Workspace workspace)
    {
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
        await ledger.MigrateAsync(Ct);
        return ledger;
    }

    /// <summary>The copy jobs in the ledger, with the set and target each copies.</summary>
    private static async Task<IReadOnlyList<(Job Job, SetId Set, string Target)>> CopyJobsAsync(IJobLedger ledger)
    {
        var jobs = await ledger.ListAsync(new JobQuery(Kind: JobKind.Copy, Limit: 1000), Ct);
        return
        [
            .. jobs.Select(job =>
            {
                var args = JobJson.Deserialize<CopyArgs>(job.Args);
                return (job, SetId.TryParse(args.Set, null)!, args.Target);
            }),
        ];
    }

    /// <summary>The sets whose copy to <paramref name="target"/> completed, oldest first.</summary>
    private static async Task<IReadOnlyList<SetId>> CopiedAsync(IJobLedger ledger, string target) =>
        [.. (await CopyJobsAsync(ledger)).Where(c => c.Target == target && c.Job.State == JobState.Completed).Select(c => c.Set).Order()];

    /// <summary>True while a copy job runs.</summary>
    private static async Task<bool> CopyingAsync(IJobLedger ledger) =>
        (await CopyJobsAsync(ledger)).Any(c => c.Job.State == JobState.Executing);

    /// <summary>Asserts that every local set between a target's oldest and newest copy was copied there: no set skipped.</summary>
    private static void AssertNoGaps(IReadOnlyList<SetId> local, IReadOnlyList<SetId> copied, string target)
    {
        var expected = local.Where(s => s.CompareTo(copied[0]) >= 0 && s.CompareTo(copied[^1]) <= 0);
        Assert.True(expected.SequenceEqual(copied), $"target {target} got {string.Join(", ", copied)}; local sets were {string.Join(", ", local)}");
    }

    [Fact]
    public async Task Serve_TwoTargets_EachGetsEverySetWithItsOwnKeep_OneUnreachableTheOtherCarriesOn()
    {
        var source = await cluster.CreateDatabaseAsync("two", SampleSchemas.Rows(50), Ct);
        using var workspace = new Workspace(cluster, source);
        var near = await Offsite.CreateAsync(s3, Ct);
        var far = await Offsite.CreateAsync(s3, Ct);
        void Configure(string? farEndpoint) => Offsite.WriteConfig(
            workspace,
            new Dictionary<string, object>
            {
                ["near"] = near.Target("fast", keep: 100),
                ["far"] = far.Target("fast", keep: 2, endpoint: farEndpoint),
            },
            tiers: new { fast = new { cron = "*/2 * * * * *", keep = 100 } });
        Configure(farEndpoint: null);
        var ledger = await LedgerAsync(workspace);

        using (var node = NodeProcess.Serve(workspace.Folder))
        {
            // Stopped between copies, so no copy is cut short after its manifest is written: what each target lists is
            // exactly what its completed jobs copied, less what its keep removed.
            await Eventually.GetAsync(
                async () => (await CopiedAsync(ledger, "near")).Count >= 3 && (await CopiedAsync(ledger, "far")).Count >= 3 && !await CopyingAsync(ledger) ? "" : null,
                TimeSpan.FromSeconds(60),
                "three copies on each target",
                () => node.Output);
            await node.TerminateAsync(TimeSpan.FromSeconds(15));
        }

        var local = workspace.AllSets("fast").Select(s => s.Id).Order().ToList();
        var copiedNear = await CopiedAsync(ledger, "near");
        var copiedFar = await CopiedAsync(ledger, "far");
        AssertNoGaps(local, copiedNear, "near");
        AssertNoGaps(local, copiedFar, "far");
        Assert.Equal(copiedNear, await near.SetsAsync(Ct));
        Assert.Equal(copiedFar.TakeLast(2), await far.SetsAsync(Ct));

        // The far target's endpoint now refuses connections: the near one still gets every new set.
        Configure(farEndpoint: Offsite.UnreachableEndpoint());
        var before = local[^1];
        CliResult jobs;
        using (var node = NodeProcess.Serve(workspace.Folder))
        {
            await Eventually.GetAsync(
                async () =>
                {
                    var copies = await CopyJobsAsync(ledger);
                    var nearDone = copies.Count(c => c.Target == "near" && c.Set.CompareTo(before) > 0 && c.Job.State == JobState.Completed);
                    var farFailed = copies.Count(c => c.Target == "far" && c.Set.CompareTo(before) > 0 && c.Job.State is JobState.Retryable or JobState.Discarded);
                    return nearDone >= 2 && farFailed >= 2 && !copies.Any(c => c.Job.State == JobState.Executing) ? "" : null;
                },
                TimeSpan.FromSeconds(60),
                "new copies on near and failed ones to far",
                () => node.Output);
            jobs = await workspace.RunAsync(Ct, "jobs", "--kind", "copy", "--json", "--limit", "1000");
            await node.TerminateAsync(TimeSpan.FromSeconds(15));
        }

        local = [.. workspace.AllSets("fast").Select(s => s.Id).Order()];
        copiedNear = await CopiedAsync(ledger, "near");
        AssertNoGaps(local, copiedNear, "near");
        Assert.Equal(copiedNear, await near.SetsAsync(Ct));
        Assert.Equal(0, jobs.ExitCode);
        var farJobs = JsonDocument.Parse(jobs.Stdout).RootElement.EnumerateArray()
            .Where(j => j.GetProperty("args").GetProperty("target").GetString() == "far" && j.GetProperty("state").GetString() is "retryable" or "discarded")
            .ToList();
        Assert.True(farJobs.Count >= 2, jobs.Stdout);
        Assert.All(farJobs, j => Assert.StartsWith("target 'far' (s3://", j.GetProperty("lastError").GetString(), StringComparison.Ordinal));
        Assert.All(farJobs, j => Assert.Contains("cannot reach the endpoint", j.GetProperty("lastError").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Serve_S3KilledMidMultipartUpload_NoSetListedUntilTheRetryAfterRestartCompletesIt()
    {
        // About 45 MB of SQL that compression "none" leaves as it is: three 16 MiB parts.
        var source = await cluster.CreateDatabaseAsync("midupload", SampleSchemas.Incompressible(450_000), Ct);
        await using var server = await S3Server.StartPrivateAsync();
        using var client = server.CreateClient();
        var offsite = await Offsite.CreateAsync(server, client, Ct);
        using var workspace = new Workspace(cluster, source);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target()), compression: "none");
        var credentials = new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = server.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = server.SecretAccessKey };
        Assert.Equal(0, (await workspace.RunAsync(credentials, Ct, "backup", "--tier", "daily")).ExitCode);
        var set = Assert.Single(workspace.AllSets());
        Assert.True(set.Manifest!.Find(source)!.Bytes > 32 << 20, $"the dump has {set.Manifest.Find(source)!.Bytes} bytes: make it larger");
        var ledger = await LedgerAsync(workspace);

        using var node = NodeProcess.Serve(workspace.Folder, credentials);
        await Eventually.GetAsync(async () => (await offsite.UploadsAsync(Ct)).FirstOrDefault(), TimeSpan.FromSeconds(60), "the copy's multipart upload to begin", () => node.Output);
        await server.KillAsync();
        var failed = await Eventually.GetAsync(
            async () => (await CopyJobsAsync(ledger)).Select(c => c.Job).FirstOrDefault(j => j.State is JobState.Retryable or JobState.Discarded),
            TimeSpan.FromSeconds(60),
            "the copy attempt to fail",
            () => node.Output);
        await server.RestartAsync();
        var listedAfterTheFailure = await workspace.RunAsync(credentials, Ct, "list", "--target", "offsite", "--json");
        var manifestsAfterTheFailure = await offsite.ManifestKeysAsync(Ct);

        // The ledger's backoff would wait 30 s: cancel and retry bring the same job back at once, for its next attempt.
        var id = failed.Id.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "jobs", "cancel", id)).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "jobs", "retry", id)).ExitCode);
        var done = await Eventually.GetAsync(
            async () => await ledger.GetAsync(failed.Id, Ct) is { IsFinished: true } job ? job : null,
            TimeSpan.FromSeconds(90),
            "the retried copy to finish",
            () => node.Output);
        var verify = await workspace.RunAsync(credentials, Ct, "verify", "--target", "offsite");
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(JobState.Retryable, failed.State);
        var error = Assert.Single(await ledger.ErrorsAsync(failed.Id, Ct)).Message;
        Assert.StartsWith("target 'offsite' (s3://", error, StringComparison.Ordinal);
        Assert.Equal(0, listedAfterTheFailure.ExitCode);
        Assert.Empty(JsonDocument.Parse(listedAfterTheFailure.Stdout).RootElement.GetProperty("sets").EnumerateArray());
        Assert.Empty(manifestsAfterTheFailure);
        Assert.True(done.State == JobState.Completed, $"{done.State}: {string.Join("; ", (await ledger.ErrorsAsync(failed.Id, Ct)).Select(e => e.Message))}\n{node.Output}");
        Assert.Equal(2, done.Attempt);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal([Offsite.KeyOf(set.Id, Manifest.FileName)], await offsite.ManifestKeysAsync(Ct));
        Assert.Empty(await offsite.UploadsAsync(Ct));
    }
}
