using System.Diagnostics;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Scheduling;

/// <summary>Several daemons sharing one PostgreSQL ledger and one backup root, with no leader.</summary>
[Collection(nameof(RunsAlone))]
public sealed class ManyNodesTests(PostgresCluster cluster)
{
    [Fact]
    public async Task ThreeNodes_TwoMinutesOfTenSecondSlots_EverySlotOnceNeverOverlapping_KilledNodesJobFinishesElsewhere()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await cluster.CreateDatabaseAsync("nodes_a", SampleSchemas.Incompressible(40_000), ct);
        var second = await cluster.CreateDatabaseAsync("nodes_b", SampleSchemas.Incompressible(40_000), ct);
        var ledgerDatabase = await cluster.CreateDatabaseAsync("nodes_ledger", ct);
        using var workspace = new Workspace(cluster, first, second);
        var ledgerConnection = cluster.ConnectionString(ledgerDatabase);
        workspace.WriteConfig(new
        {
            databases = new[] { first, second },
            connection = new { host = cluster.Host, port = cluster.Port },
            compressionLevel = 19,
            lease = "00:00:06",
            ledger = new { connectionString = ledgerConnection },
            tiers = new { fast = new { cron = "*/10 * * * * *", keep = 100 } },
        });
        var ledger = JobLedgerFactory.Create(new HourglassOptions { Ledger = new LedgerOptions { ConnectionString = ledgerConnection } });
        await ledger.MigrateAsync(ct);

        var clock = Stopwatch.StartNew();
        var nodes = Enumerable.Range(0, 3).Select(_ => NodeProcess.Serve(workspace.Folder)).ToList();
        try
        {
            // Kill whichever node is running a backup, mid-run, once the schedule is under way.
            await Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System, ct);
            var victim = await Eventually.GetAsync(
                async () => (await ledger.ListAsync(new JobQuery([JobState.Executing]), ct)).FirstOrDefault(j => j.AttemptedAt is not null),
                TimeSpan.FromSeconds(30),
                "a backup to be running",
                () => string.Join("\n---\n", nodes.Select(n => n.Output)));
            var pid = int.Parse(victim.LeaseOwner!.Split('-')[^2], System.Globalization.CultureInfo.InvariantCulture);
            var killed = nodes.Single(n => n.Pid == pid);
            killed.KillHard();

            await Task.Delay(TimeSpan.FromSeconds(120) - clock.Elapsed, TimeProvider.System, ct);
            foreach (var node in nodes.Where(n => n != killed))
            {
                await node.TerminateAsync(TimeSpan.FromSeconds(15));
            }

            var jobs = (await ledger.ListAsync(new JobQuery(Limit: 1000), ct)).OrderBy(j => j.CronSlot).ToList();
            var slots = jobs.Select(j => j.CronSlot!.Value).ToList();
            var context = $"{jobs.Count} jobs:\n" + string.Join("\n", jobs.Select(j => $"{j.Id} {j.CronSlot:HH:mm:ss} {j.State} attempt {j.Attempt} {j.AttemptedAt:HH:mm:ss.fff}-{j.FinishedAt:HH:mm:ss.fff} {j.LeaseOwner}"));

            // Every slot ran exactly once: one job per slot, no slot missing between the first and the last.
            Assert.True(slots.Count >= 9, context);
            Assert.Equal(slots.Count, slots.Distinct().Count());
            Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(10), pair.Second - pair.First));
            var settled = jobs.Where(j => j.CronSlot < slots[^1].AddSeconds(-30)).ToList();
            Assert.All(settled, j => Assert.Equal(JobState.Completed, j.State));

            // The killed node's job was rescued after its lease and finished on another node.
            var rescued = jobs.Single(j => j.Id == victim.Id);
            Assert.Equal((JobState.Completed, 2), (rescued.State, rescued.Attempt));
            Assert.Contains("lease expired", Assert.Single(await ledger.ErrorsAsync(victim.Id, ct)).Message, StringComparison.Ordinal);
            Assert.DoesNotContain(killed.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), JobJson.Deserialize<JobMeta>(rescued.Meta).Node, StringComparison.Ordinal);

            // No database was dumped by two nodes at once: the completed jobs' runs never overlap.
            var runs = jobs.Where(j => j.State == JobState.Completed).Select(j => (Start: j.AttemptedAt!.Value, End: j.FinishedAt!.Value)).OrderBy(r => r.Start).ToList();
            Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.True(pair.Second.Start >= pair.First.End, context));

            // Each completed job left exactly one complete set. Which node claims a slot is a race, and under load one
            // node can win them all, so sharing is not asserted beyond the rescued job finishing on another node.
            var completeSets = workspace.AllSets().Count(s => s.Manifest?.Status == Hourglass.Storage.SetStatus.Complete);
            Assert.Equal(runs.Count, completeSets);
            Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }
}
