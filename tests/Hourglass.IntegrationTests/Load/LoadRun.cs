using System.Diagnostics;
using System.Globalization;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Load;

/// <summary>
/// A load run (README, "Reliability"): <c>serve</c> nodes run a one-second tier for some minutes while a seeded random
/// source kills one with SIGKILL every 10–40 s and starts it again 1–5 s later. Afterwards every slot from the first
/// to the last is accounted for from the ledger: run once, or missed while no node was up and skipped as
/// <c>catchUp: latest</c> says (of the slots missed in one downtime, only the latest runs, as a catch-up).
/// </summary>
internal sealed class LoadRun(Workspace workspace, IJobLedger ledger, IReadOnlyDictionary<string, string?> environment, int nodeCount, int seed)
{
    public const string Tier = "load";

    /// <summary>What a run found; <see cref="Violations"/> must be empty.</summary>
    public sealed record Outcome(int Slots, int Completed, int Discarded, int Kills, int MissedWhileDown, int CaughtUp, IReadOnlyList<string> Violations)
    {
        public override string ToString() =>
            $"{Slots} slots, {Completed} jobs completed, {Discarded} discarded, {Kills} node kills, {MissedWhileDown} slots missed while no node was up, "
            + $"{CaughtUp} caught up, duplicate slots {Violations.Count(v => v.Contains("twice", StringComparison.Ordinal))}, "
            + $"slots lost beyond the catch-up policy {Violations.Count(v => v.Contains("lost", StringComparison.Ordinal))}, violations {Violations.Count}";
    }

    /// <summary>The config of a load run: one tier every second of one small database, a short lease.</summary>
    public static object Config(PostgresCluster cluster, string database, string? ledgerConnection) => new
    {
        databases = new[] { database },
        connection = new { host = cluster.Host, port = cluster.Port },
        compressionLevel = 1,
        lease = "00:00:05",
        ledger = new { connectionString = ledgerConnection },
        verify = new { enabled = false },
        tiers = new Dictionary<string, object> { [Tier] = new { cron = "* * * * * *", keep = 10 } },
    };

    public async Task<Outcome> RunAsync(TimeSpan duration, Action<string> log, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var nodes = Enumerable.Range(0, nodeCount).Select(_ => NodeProcess.Serve(workspace.Folder, environment)).ToList();
        var downtimes = new List<(DateTimeOffset From, DateTimeOffset To)>();
        var kills = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            while (clock.Elapsed < duration)
            {
                var wait = TimeSpan.FromSeconds(10 + (30 * random.NextDouble()));
                await Task.Delay(wait < duration - clock.Elapsed ? wait : duration - clock.Elapsed, TimeProvider.System, cancellationToken);
                if (clock.Elapsed >= duration)
                {
                    break;
                }

                var victim = random.Next(nodes.Count);
                var killedAt = TimeProvider.System.GetUtcNow();
                nodes[victim].KillHard();
                kills++;
                await Task.Delay(TimeSpan.FromSeconds(1 + (4 * random.NextDouble())), TimeProvider.System, cancellationToken);
                nodes[victim].Dispose();
                nodes[victim] = NodeProcess.Serve(workspace.Folder, environment);
                if (nodeCount == 1)
                {
                    downtimes.Add((killedAt, TimeProvider.System.GetUtcNow()));
                }

                log($"{clock.Elapsed:mm\\:ss} killed and restarted node {victim}");
            }

            var stuck = await StuckAsync(cancellationToken);
            foreach (var node in nodes)
            {
                await node.TerminateAsync(TimeSpan.FromSeconds(30));
            }

            return Account(await ledger.ListAsync(new JobQuery(Kind: JobKind.Backup, Limit: 1_000_000), cancellationToken), downtimes, kills, stuck);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    /// <summary>Jobs executing longer past their lease than a node takes to rescue them (15 s), while the nodes still run.</summary>
    private async Task<IReadOnlyList<string>> StuckAsync(CancellationToken cancellationToken)
    {
        var now = await ledger.NowAsync(cancellationToken);
        return
        [
            .. (await ledger.ListAsync(new JobQuery([JobState.Executing], Limit: 1000), cancellationToken))
                .Where(j => j.LeaseExpiresAt < now - TimeSpan.FromSeconds(20))
                .Select(j => $"job {j.Id} ({j.CronSlot:HH:mm:ss}) is stuck executing: its lease expired at {j.LeaseExpiresAt:HH:mm:ss}"),
        ];
    }

    private static Outcome Account(IReadOnlyList<Job> jobs, IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> downtimes, int kills, IReadOnlyList<string> stuck)
    {
        var violations = stuck.ToList();
        var bySlot = jobs.Where(j => j.CronName == Tier).GroupBy(j => j.CronSlot!.Value).ToDictionary(g => g.Key, g => g.ToList());
        violations.AddRange(bySlot.Where(s => s.Value.Count > 1).Select(s => $"the slot {s.Key:HH:mm:ss} ran twice ({s.Value.Count} jobs)"));
        var first = bySlot.Keys.Min();
        var last = bySlot.Keys.Max();
        var slots = (int)(last - first).TotalSeconds + 1;

        // A gap (slots in a row no job took) is explained only by a node that was down when it began. Its end is not
        // bound to the restart: a node slow to start on a loaded machine lengthens the gap, and runs its latest slot
        // as the one catch-up when it is up.
        var missed = Enumerable.Range(0, slots).Select(i => first.AddSeconds(i)).Where(s => !bySlot.ContainsKey(s)).ToList();
        var explained = 0;
        foreach (var (from, to) in Gaps(missed))
        {
            if (!downtimes.Any(d => from >= d.From.AddSeconds(-1) && from <= d.To.AddSeconds(1)))
            {
                violations.AddRange(Enumerable.Range(0, (int)(to - from).TotalSeconds + 1).Select(i => $"the slot {from.AddSeconds(i):HH:mm:ss} was lost: no job, and no node was down"));
                continue;
            }

            explained += (int)(to - from).TotalSeconds + 1;
            var caughtUp = bySlot.Where(s => s.Key >= from && s.Key <= to.AddSeconds(1) && s.Value.Any(j => Trigger(j) == "catch-up")).ToList();
            if (caughtUp.Count > 1)
            {
                violations.Add($"{caughtUp.Count} slots of the gap {from:HH:mm:ss}–{to:HH:mm:ss} ran as catch-ups, not one");
            }
        }

        var all = bySlot.Values.SelectMany(j => j).ToList();
        violations.AddRange(all.Where(j => j.State == JobState.Executing && j.CronSlot < last.AddSeconds(-30)).Select(j => $"job {j.Id} ({j.CronSlot:HH:mm:ss}) is still executing after the nodes stopped"));
        return new Outcome(
            slots,
            all.Count(j => j.State == JobState.Completed),
            all.Count(j => j.State == JobState.Discarded),
            kills,
            explained,
            all.Count(j => Trigger(j) == "catch-up"),
            violations);
    }

    /// <summary>Runs of consecutive seconds in <paramref name="missed"/> (sorted), as first and last slot.</summary>
    private static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Gaps(IReadOnlyList<DateTimeOffset> missed)
    {
        for (var start = 0; start < missed.Count;)
        {
            var end = start;
            while (end + 1 < missed.Count && missed[end + 1] - missed[end] == TimeSpan.FromSeconds(1))
            {
                end++;
            }

            yield return (missed[start], missed[end]);
            start = end + 1;
        }
    }

    private static string Trigger(Job job) => JobJson.Deserialize<JobMeta>(job.Meta).Trigger;

    /// <summary>How long a load run lasts: <c>HOURGLASS_LOAD_MINUTES</c> (faults/load.sh sets 20), else one minute.</summary>
    public static TimeSpan Duration() =>
        TimeSpan.FromMinutes(Environment.GetEnvironmentVariable("HOURGLASS_LOAD_MINUTES") is { Length: > 0 } minutes ? double.Parse(minutes, CultureInfo.InvariantCulture) : 1);
}
