using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Ledger;

/// <summary>
/// What every ledger store must do. <see cref="SqliteLedgerTests"/> and <see cref="PostgresLedgerTests"/> run these
/// same tests, so the stores cannot drift apart.
/// </summary>
public abstract partial class JobLedgerContract
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>A fresh, migrated, empty ledger.</summary>
    protected abstract Task<IJobLedger> CreateLedgerAsync(CancellationToken cancellationToken);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static NewJob Backup(params string[] databases) => new(JobKind.Backup, "{}") { Resources = databases };

    [Fact]
    public async Task Enqueue_SameCronSlotFromThreeConnectionsAtOnce_OneRow()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var slot = new DateTimeOffset(2025, 10, 25, 5, 0, 0, TimeSpan.Zero);

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            Task.Run(() => ledger.EnqueueAsync(new NewJob(JobKind.Backup, "{}") { CronName = "hourly", CronSlot = slot }, Ct))));

        Assert.Single(results, r => r.Inserted);
        Assert.Single(results.Select(r => r.Id).Distinct());
        Assert.Single(await ledger.ListAsync(new JobQuery(), Ct));
    }

    [Fact]
    public async Task Enqueue_SameUniqueKeyWhileQueued_ReturnsTheQueuedJob_AndAgainOnceFinished()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var job = new NewJob(JobKind.Prune, "{}") { UniqueKey = "prune:hourly" };

        var first = await ledger.EnqueueAsync(job, Ct);
        var second = await ledger.EnqueueAsync(job, Ct);
        var claimed = (await ledger.ClaimAsync("w", Lease, Ct))!;
        await ledger.CompleteAsync(claimed.Id, "w", claimed.Attempt, "{}", Ct);
        var third = await ledger.EnqueueAsync(job, Ct);

        Assert.True(first.Inserted);
        Assert.Equal(new EnqueueResult(first.Id, false), second);
        Assert.True(third.Inserted);
    }

    [Fact]
    public async Task Claim_ManyConcurrentClaimers_NeverHandOneJobToTwo()
    {
        var ledger = await CreateLedgerAsync(Ct);
        for (var i = 0; i < 40; i++)
        {
            await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}"), Ct);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await ledger.ClaimAsync($"worker-{worker}", Lease, Ct) is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
    }

    [Fact]
    public async Task Claim_ConcurrentClaimers_EachGetAJob_WhenEnoughAreAvailable()
    {
        // Defect 4: a claim that locks every candidate to take one leaves claimers at the same moment with nothing.
        var ledger = await CreateLedgerAsync(Ct);
        const int Claimers = 8;
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < Claimers; i++)
            {
                await ledger.EnqueueAsync(Backup($"round{round}_db{i}"), Ct);
            }

            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var claiming = Enumerable.Range(0, Claimers).Select(async worker =>
            {
                await start.Task;
                return await ledger.ClaimAsync($"worker-{worker}", Lease, Ct);
            }).ToList();
            start.SetResult();
            var claimed = await Task.WhenAll(claiming);

            Assert.All(claimed, Assert.NotNull);
            Assert.Equal(Claimers, claimed.Select(j => j!.Id).Distinct().Count());
        }
    }

    [Fact]
    public async Task Claim_ManyClaimersOverOverlappingDatabases_ClaimEveryJobOnce_NeverTwoOnOneDatabaseAtOnce()
    {
        var ledger = await CreateLedgerAsync(Ct);
        string[][] shapes = [["a", "b"], ["b", "a"], ["b", "c"], ["c"], ["c", "d", "a"], ["d"], ["e"], ["e", "a"], ["f"]];
        var jobs = new Dictionary<long, string[]>();
        for (var i = 0; i < 36; i++)
        {
            jobs[(await ledger.EnqueueAsync(Backup(shapes[i % shapes.Length]), Ct)).Id] = shapes[i % shapes.Length];
        }

        var running = new HashSet<string>(StringComparer.Ordinal);
        var overlaps = new List<string>();
        var finished = 0;
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (Volatile.Read(ref finished) < jobs.Count)
            {
                if (await ledger.ClaimAsync($"worker-{worker}", Lease, Ct) is not { } job)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System, Ct);
                    continue;
                }

                mine.Add(job.Id);
                var databases = jobs[job.Id];
                lock (running)
                {
                    overlaps.AddRange(databases.Where(d => !running.Add(d)).Select(d => $"job {job.Id} claimed while {d} was in use"));
                }

                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, Ct);
                lock (running)
                {
                    running.ExceptWith(databases);
                }

                // Only the completion frees the databases, so they are marked free just before it.
                Assert.True(await ledger.CompleteAsync(job.Id, $"worker-{worker}", job.Attempt, "{}", Ct));
                Interlocked.Increment(ref finished);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Empty(overlaps);
        Assert.Equal(jobs.Count, all.Count);
        Assert.Equal(jobs.Count, all.Distinct().Count());
        Assert.All(await ledger.ListAsync(new JobQuery(Limit: 1000), Ct), j => Assert.Equal((JobState.Completed, 1), (j.State, j.Attempt)));
    }

    [Fact]
    public async Task Claim_OrdersByPriorityThenDueTime_AndSkipsJobsNotYetDue()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var now = await ledger.NowAsync(Ct);
        var later = await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { ScheduledAt = now.AddSeconds(-10) }, Ct);
        var earlier = await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { ScheduledAt = now.AddSeconds(-20) }, Ct);
        var urgent = await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { Priority = -1, ScheduledAt = now.AddSeconds(-1) }, Ct);
        await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { ScheduledAt = now.AddHours(1) }, Ct);

        var order = new List<long>();
        while (await ledger.ClaimAsync("w", Lease, Ct) is { } job)
        {
            order.Add(job.Id);
        }

        Assert.Equal([urgent.Id, earlier.Id, later.Id], order);
    }

    [Fact]
    public async Task Claim_TwoJobsOnTheSameDatabase_NeverExecuteTogether()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var hourly = await ledger.EnqueueAsync(Backup("singularity", "genesis_db"), Ct);
        var daily = await ledger.EnqueueAsync(Backup("genesis_db"), Ct);
        var other = await ledger.EnqueueAsync(Backup("centralcloud"), Ct);

        var first = await ledger.ClaimAsync("a", Lease, Ct);
        var second = await ledger.ClaimAsync("b", Lease, Ct);
        var third = await ledger.ClaimAsync("c", Lease, Ct);
        await ledger.CompleteAsync(first!.Id, "a", 1, "{}", Ct);
        var afterwards = await ledger.ClaimAsync("c", Lease, Ct);

        Assert.Equal(hourly.Id, first.Id);
        Assert.Equal(other.Id, second!.Id);
        Assert.Null(third);
        Assert.Equal(daily.Id, afterwards!.Id);
    }

    [Fact]
    public async Task Fail_RetriesWithTheGivenDelay_ThenDiscardsKeepingEveryError()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var id = (await ledger.EnqueueAsync(new NewJob(JobKind.Backup, "{}") { MaxAttempts = 3 }, Ct)).Id;
        var delays = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var job = (await ledger.ClaimAsync("w", Lease, Ct))!;
            Assert.Equal(attempt, job.Attempt);
            var before = await ledger.NowAsync(Ct);
            Assert.True(await ledger.FailAsync(id, "w", attempt, "node-a", $"boom {attempt}", TimeSpan.FromMilliseconds(300 * attempt), Ct));
            var after = (await ledger.GetAsync(id, Ct))!;
            if (after.State == JobState.Retryable)
            {
                delays.Add(after.ScheduledAt - before);
                Assert.Null(await ledger.ClaimAsync("w", Lease, Ct));
                await Task.Delay(after.ScheduledAt - before + TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
            }
        }

        var discarded = (await ledger.GetAsync(id, Ct))!;
        Assert.Equal(JobState.Discarded, discarded.State);
        Assert.NotNull(discarded.FinishedAt);
        Assert.Equal(2, delays.Count);
        Assert.True(delays[1] > delays[0]);
        Assert.Equal(["boom 1", "boom 2", "boom 3"], (await ledger.ErrorsAsync(id, Ct)).Select(e => e.Message));
        Assert.All(await ledger.ErrorsAsync(id, Ct), e => Assert.Equal("node-a", e.Node));
    }

    [Fact]
    public async Task LastErrors_OneQueryForManyJobs_GivesEachJobsNewestError()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var failing = (await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}"), Ct)).Id;
        var clean = (await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { ScheduledAt = (await ledger.NowAsync(Ct)).AddHours(1) }, Ct)).Id;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var job = (await ledger.ClaimAsync("w", Lease, Ct))!;
            Assert.Equal(failing, job.Id);
            await ledger.FailAsync(failing, "w", attempt, "n", $"boom {attempt}", TimeSpan.Zero, Ct);
        }

        var last = await ledger.LastErrorsAsync([failing, clean], Ct);

        Assert.Equal(new Dictionary<long, string> { [failing] = "boom 2" }, last);
        Assert.Empty(await ledger.LastErrorsAsync([], Ct));
    }

    [Fact]
    public async Task RescueExpired_ExpiredLease_RetryableWithErrorThenRerunWithNextAttempt()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var id = (await ledger.EnqueueAsync(Backup("db"), Ct)).Id;
        await ledger.ClaimAsync("dead-worker", TimeSpan.FromMilliseconds(200), Ct);

        Assert.Empty(await ledger.RescueExpiredAsync("node-b", Ct));
        await Task.Delay(TimeSpan.FromMilliseconds(400), TimeProvider.System, Ct);
        var rescued = await ledger.RescueExpiredAsync("node-b", Ct);
        var rerun = await ledger.ClaimAsync("live-worker", Lease, Ct);

        var error = Assert.Single(await ledger.ErrorsAsync(id, Ct));
        Assert.Equal([new RescuedJob(id, JobKind.Backup, 1, false, error.Message)], rescued);
        Assert.Equal((id, 2), (rerun!.Id, rerun.Attempt));
        Assert.Contains("lease expired: dead-worker", error.Message, StringComparison.Ordinal);
        Assert.Equal("node-b", error.Node);
    }

    [Fact]
    public async Task RescueExpired_CancelRequestedBeforeTheLeaseRanOut_CancelledNotRunAgain()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var id = (await ledger.EnqueueAsync(Backup("db"), Ct)).Id;
        await ledger.ClaimAsync("dying-worker", TimeSpan.FromMilliseconds(200), Ct);
        Assert.True(await ledger.CancelAsync(id, Ct));

        await Task.Delay(TimeSpan.FromMilliseconds(400), TimeProvider.System, Ct);
        var rescued = await ledger.RescueExpiredAsync("node-b", Ct);

        Assert.Empty(rescued);
        Assert.Equal(JobState.Cancelled, (await ledger.GetAsync(id, Ct))!.State);
        Assert.Null(await ledger.ClaimAsync("live-worker", Lease, Ct));
        Assert.Contains("lease expired while cancelling", Assert.Single(await ledger.ErrorsAsync(id, Ct)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renew_KeepsASlowJobFromBeingRescued()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var id = (await ledger.EnqueueAsync(Backup("db"), Ct)).Id;
        await ledger.ClaimAsync("slow", TimeSpan.FromMilliseconds(300), Ct);

        for (var i = 0; i < 6; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
            Assert.Equal(LeaseStatus.Held, await ledger.RenewAsync(id, "slow", 1, TimeSpan.FromMilliseconds(300), Ct));
            Assert.Empty(await ledger.RescueExpiredAsync("other", Ct));
        }

        Assert.Equal(JobState.Executing, (await ledger.GetAsync(id, Ct))!.State);
    }

    [Fact]
    public async Task Complete_ByAZombieAfterRescue_Rejected()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var id = (await ledger.EnqueueAsync(Backup("db"), Ct)).Id;
        await ledger.ClaimAsync("zombie", TimeSpan.FromMilliseconds(100), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System, Ct);
        await ledger.RescueExpiredAsync("n", Ct);
        var second = (await ledger.ClaimAsync("healthy", Lease, Ct))!;

        Assert.Equal(LeaseStatus.Lost, await ledger.RenewAsync(id, "zombie", 1, Lease, Ct));
        Assert.False(await ledger.CompleteAsync(id, "zombie", 1, """{"from":"zombie"}""", Ct));
        Assert.False(await ledger.FailAsync(id, "zombie", 1, "n", "late", TimeSpan.Zero, Ct));
        Assert.True(await ledger.CompleteAsync(id, "healthy", second.Attempt, """{"from":"healthy"}""", Ct));
        Assert.Equal("""{"from":"healthy"}""", (await ledger.GetAsync(id, Ct))!.Meta);
    }

    /// <summary>
    /// The error row was added when the fault campaign found released jobs back in <c>retryable</c> with no word of
    /// why (a node stopped with SIGTERM while it ran them).
    /// </summary>
    [Fact]
    public async Task Release_PutsTheJobBackWithoutUsingAnAttempt_WithAnErrorRowSayingWhy()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var id = (await ledger.EnqueueAsync(Backup("db"), Ct)).Id;
        await ledger.ClaimAsync("w", Lease, Ct);

        Assert.True(await ledger.ReleaseAsync(id, "w", 1, Ct));
        var again = await ledger.ClaimAsync("w2", Lease, Ct);

        Assert.Equal((id, 1), (again!.Id, again.Attempt));
        var error = Assert.Single(await ledger.ErrorsAsync(id, Ct));
        Assert.StartsWith("released: w stopped while it ran", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_QueuedAtOnce_ExecutingAtItsNextHeartbeat_ThenRetryMakesItAvailable()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var queued = (await ledger.EnqueueAsync(Backup("a"), Ct)).Id;
        var running = (await ledger.EnqueueAsync(Backup("b"), Ct)).Id;
        Assert.True(await ledger.CancelAsync(queued, Ct));
        var job = (await ledger.ClaimAsync("w", Lease, Ct))!;
        Assert.Equal(running, job.Id);

        Assert.True(await ledger.CancelAsync(running, Ct));
        Assert.Equal(LeaseStatus.CancelRequested, await ledger.RenewAsync(running, "w", 1, Lease, Ct));
        Assert.True(await ledger.AcknowledgeCancelAsync(running, "w", 1, Ct));
        Assert.False(await ledger.CancelAsync(running, Ct));

        Assert.Equal(JobState.Cancelled, (await ledger.GetAsync(queued, Ct))!.State);
        Assert.Equal(JobState.Cancelled, (await ledger.GetAsync(running, Ct))!.State);
        Assert.True(await ledger.RetryAsync(queued, Ct));
        Assert.Equal(JobState.Available, (await ledger.GetAsync(queued, Ct))!.State);
        Assert.False(await ledger.RetryAsync(queued, Ct));
    }

    [Fact]
    public async Task CountByState_EveryStatePresent_CountsEachJobOnce()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var empty = await ledger.CountByStateAsync(Ct);
        for (var i = 0; i < 3; i++)
        {
            await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}"), Ct);
        }

        await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { ScheduledAt = (await ledger.NowAsync(Ct)).AddDays(1) }, Ct);
        var done = (await ledger.ClaimAsync("w", Lease, Ct))!;
        await ledger.CompleteAsync(done.Id, "w", done.Attempt, "{}", Ct);
        await ledger.ClaimAsync("w", Lease, Ct);

        var counts = await ledger.CountByStateAsync(Ct);

        Assert.Equal(Enum.GetValues<JobState>(), empty.Keys.Order());
        Assert.All(empty.Values, count => Assert.Equal(0, count));
        Assert.Equal(Enum.GetValues<JobState>(), counts.Keys.Order());
        Assert.Equal((1, 1, 1, 1, 0), (counts[JobState.Available], counts[JobState.Executing], counts[JobState.Completed], counts[JobState.Scheduled], counts[JobState.Discarded]));
    }

    [Fact]
    public async Task List_BeforeAnId_PagesNewestFirstWithTheFilters()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var ids = new List<long>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await ledger.EnqueueAsync(new NewJob(i % 2 == 0 ? JobKind.Prune : JobKind.Verify, "{}"), Ct)).Id);
        }

        var first = await ledger.ListAsync(new JobQuery(Limit: 3), Ct);
        var second = await ledger.ListAsync(new JobQuery(Limit: 3, Before: first[^1].Id), Ct);
        var verifies = await ledger.ListAsync(new JobQuery(Kind: JobKind.Verify, Limit: 2, Before: ids[5]), Ct);

        Assert.Equal(ids[4..].AsEnumerable().Reverse(), first.Select(j => j.Id));
        Assert.Equal(ids[1..4].AsEnumerable().Reverse(), second.Select(j => j.Id));
        Assert.Equal([ids[3], ids[1]], verifies.Select(j => j.Id));
    }

    [Fact]
    public async Task Prune_RemovesOnlyFinishedJobsPastTheirAge()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var done = (await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}"), Ct)).Id;
        var failed = (await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { MaxAttempts = 1 }, Ct)).Id;
        var queued = (await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}") { ScheduledAt = (await ledger.NowAsync(Ct)).AddDays(1) }, Ct)).Id;
        var a = (await ledger.ClaimAsync("w", Lease, Ct))!;
        await ledger.CompleteAsync(a.Id, "w", 1, "{}", Ct);
        var b = (await ledger.ClaimAsync("w", Lease, Ct))!;
        await ledger.FailAsync(b.Id, "w", 1, "n", "x", TimeSpan.Zero, Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, Ct);

        Assert.Equal(0, await ledger.PruneAsync(TimeSpan.FromHours(1), TimeSpan.FromHours(1), Ct));
        Assert.Equal(1, await ledger.PruneAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), Ct));
        Assert.Null(await ledger.GetAsync(done, Ct));
        Assert.Equal(1, await ledger.PruneAsync(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), Ct));
        Assert.Null(await ledger.GetAsync(failed, Ct));
        Assert.Empty(await ledger.ErrorsAsync(failed, Ct));
        Assert.NotNull(await ledger.GetAsync(queued, Ct));
    }

    [Fact]
    public async Task CronEntries_LastSlotOnlyMovesForward()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var five = new DateTimeOffset(2025, 10, 25, 5, 0, 0, TimeSpan.Zero);

        await ledger.SaveCronEntryAsync(new CronEntry("hourly", "0 * * * *", "UTC", five), Ct);
        await ledger.SaveCronEntryAsync(new CronEntry("hourly", "0 * * * *", "UTC", five.AddHours(-3)), Ct);
        await ledger.SaveCronEntryAsync(new CronEntry("daily", "0 1 * * *", "UTC", null), Ct);

        Assert.Equal(
            [new CronEntry("daily", "0 1 * * *", "UTC", null), new CronEntry("hourly", "0 * * * *", "UTC", five)],
            await ledger.CronEntriesAsync(Ct));
    }

    [Fact]
    public async Task Nodes_HeartbeatRegistersAndRefreshes_RemoveForgets()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var started = await ledger.NowAsync(Ct);

        await ledger.HeartbeatAsync("node-1", "host-a", started, null, Ct);
        var first = Assert.Single(await ledger.NodesAsync(Ct));
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
        await ledger.HeartbeatAsync("node-1", "host-a", started, "job 7", Ct);
        var second = Assert.Single(await ledger.NodesAsync(Ct));
        await ledger.RemoveNodeAsync("node-1", Ct);

        Assert.True(second.HeartbeatAt > first.HeartbeatAt);
        Assert.Equal("job 7", second.Running);
        Assert.Empty(await ledger.NodesAsync(Ct));
    }

    [Fact]
    public async Task Migrate_TwiceIsHarmless_AndANewerSchemaIsRefused()
    {
        var ledger = await CreateLedgerAsync(Ct);
        await ledger.MigrateAsync(Ct);
        Assert.Equal(SqlJobLedger.CurrentSchemaVersion, await ledger.SchemaVersionAsync(Ct));

        await ExecuteSqlAsync("INSERT INTO hourglass_schema (version) VALUES (99)", Ct);
        var error = await Assert.ThrowsAsync<HourglassException>(() => ledger.MigrateAsync(Ct));

        Assert.Contains($"schema version 99, newer than this Hourglass knows ({SqlJobLedger.CurrentSchemaVersion})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_FromSchema1_AddsTheAlertAndTokenTables_AndKeepsTheJobs()
    {
        // A schema-1 ledger is today's minus what schema 2 added.
        var ledger = await CreateLedgerAsync(Ct);
        foreach (var table in new[] { "alerts", "alert_deliveries", "api_tokens" })
        {
            await ExecuteSqlAsync($"DROP TABLE {table}", Ct);
        }

        await ExecuteSqlAsync("DELETE FROM hourglass_schema WHERE version = 2", Ct);
        var job = await ledger.EnqueueAsync(Backup("before-upgrade"), Ct);

        await ledger.MigrateAsync(Ct);

        Assert.Equal(SqlJobLedger.CurrentSchemaVersion, await ledger.SchemaVersionAsync(Ct));
        Assert.Equal(JobState.Available, (await ledger.GetAsync(job.Id, Ct))!.State);
        Assert.Empty(await ((IAlertLedger)ledger).AlertsAsync(openOnly: false, 10, Ct));
        Assert.Empty(await ((ITokenLedger)ledger).TokensAsync(Ct));
    }

    [Fact]
    public async Task CronTick_MatchingSlotInsertsOneJob_NonMatchingTickInsertsNothing()
    {
        var ledger = await CreateLedgerAsync(Ct);
        var now = await ledger.NowAsync(Ct);
        if (now.Second >= 57)
        {
            await Task.Delay(TimeSpan.FromSeconds(4), TimeProvider.System, Ct); // keep both ticks inside one minute
            now = await ledger.NowAsync(Ct);
        }

        var minute = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var options = new Configuration.HourglassOptions
        {
            Databases = ["db"],
            Tiers = new Dictionary<string, Configuration.TierOptions>
            {
                ["minutely"] = new() { Cron = "* * * * *", Keep = 1 },
                ["yearly"] = new() { Cron = "0 0 1 1 *", Keep = 1 },
            },
        };
        await ledger.SaveCronEntryAsync(new CronEntry("minutely", "* * * * *", "UTC", minute.AddMinutes(-1)), Ct);
        await ledger.SaveCronEntryAsync(new CronEntry("yearly", "0 0 1 1 *", "UTC", now.AddHours(-1)), Ct);
        var tiers = Configuration.TierList.From(options);
        var ticker = new Hourglass.Scheduling.CronTicker(options, tiers, new JobFactory(options, tiers), ledger, new Hourglass.Events.EventStream(Microsoft.Extensions.Logging.Abstractions.NullLogger<Hourglass.Events.EventStream>.Instance), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<Hourglass.Scheduling.CronTicker>.Instance);

        var first = await ticker.TickAsync(Ct);
        var second = await ticker.TickAsync(Ct);

        var job = Assert.Single(await ledger.ListAsync(new JobQuery(), Ct));
        Assert.Equal([job.Id], first);
        Assert.Empty(second);
        Assert.Equal(("minutely", minute), (job.CronName, job.CronSlot));
        Assert.Equal("""["db"]""", job.ConcurrencyKey);
    }

    /// <summary>Writes a schema version directly, as a newer Hourglass would have.</summary>
    /// <summary>Runs <paramref name="sql"/> straight against the ledger's database (to stage an older or newer schema).</summary>
    protected abstract Task ExecuteSqlAsync(string sql, CancellationToken cancellationToken);
}
