using System.Globalization;
using System.Text.RegularExpressions;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// SIGKILL of the <c>serve</c> node running a job (a backup, a copy, a verify with a test restore, a restore or a
/// prune, picked at random) at a random moment of it; a node is started in its place. The job must run again on a
/// node after its lease and complete, and what it made must be whole (the campaign's invariants; for a restore,
/// the target equals the source). A restore runs only once, so its node's death discards it; it is queued again,
/// as a person would, and that one must complete and leave no staging database behind.
/// </summary>
internal sealed partial class KillServeNode : DaemonFault
{
    private static readonly Func<LedgerView.JobRow, bool> Finished = j => j.State is "completed" or "discarded" or "cancelled";

    private static readonly TimeSpan Settle = Lab.Lease + Lab.RescueEvery + TimeSpan.FromSeconds(90);

    public override string Kind => "SIGKILL serve node mid-job";

    protected override async Task<FaultResult> StrikeAsync(Lab lab, ServeNodes nodes, LedgerView ledger, Random random, CancellationToken cancellationToken)
    {
        var target = RestoredTarget.For(random);
        var (arguments, usual) = await PrepareAsync(lab, random, target, cancellationToken);
        var queued = await lab.RunAsync(cancellationToken, ["enqueue", .. arguments]);
        if (IdIn(queued.Stdout) is not { } id)
        {
            return FaultResult.Of("round failed", $"enqueue {arguments[0]} printed no job id: {Tail(queued)}");
        }

        var running = await WaitAsync(ledger, id, j => j.State is "executing" or "completed" or "discarded", TimeSpan.FromSeconds(60), cancellationToken);
        var mid = false;
        if (running is { State: "executing" })
        {
            await Task.Delay(MomentWithin(usual, random), TimeProvider.System, cancellationToken);
            var now = await ledger.JobAsync(id, cancellationToken);
            mid = now is { State: "executing", LeaseOwner: { } owner } && nodes.KillOwner(owner);
            nodes.StartOne();
        }

        var ended = await WaitAsync(ledger, id, Finished, Settle, cancellationToken);
        if (mid && arguments[0] == "restore" && ended is { State: "discarded" } && IdIn((await lab.RunAsync(cancellationToken, ["enqueue", .. arguments])).Stdout) is { } again)
        {
            // A restore runs once (DESIGN.md): its node's death ends it, and a person queues it again.
            (id, ended) = (again, await WaitAsync(ledger, again, Finished, Settle, cancellationToken));
        }

        var violations = new List<string?>
        {
            ended is { State: "completed" } ? null : $"job {id} ({arguments[0]}) is {ended?.State ?? "gone"} {Settle.TotalSeconds:0} s after its node was killed, not completed",
        };
        if (arguments[0] == "restore")
        {
            violations.Add(await RestoredTarget.CheckAsync(lab, target, mustExist: ended is { State: "completed" }, cancellationToken));
            await RestoredTarget.DropAsync(lab, target, cancellationToken);
        }

        // The copies a daily backup queues, and the rest of the job's work, end before the nodes are stopped.
        violations.Add(await QuietAsync(ledger, cancellationToken));
        return FaultResult.Of(mid ? Landings.Mid : Landings.After, [.. violations]) with { Detail = arguments[0] };
    }

    /// <summary>The job to strike (the arguments of <c>enqueue</c>) and how long such a job usually runs.</summary>
    private static async Task<(string[] Arguments, TimeSpan Usual)> PrepareAsync(Lab lab, Random random, string target, CancellationToken cancellationToken)
    {
        switch (random.Next(5))
        {
            case 0:
                return (["backup", "--tier", Lab.Tier], lab.Usual.Backup);
            case 1:
                // A set the target does not hold yet, so the copy has work to do.
                await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.Tier);
                return (["copy", lab.NewestSet(), "--to", Lab.TargetName], lab.Usual.Copy);
            case 2:
                return (["verify", "latest", "--tier", Lab.Tier, "--restore"], lab.Usual.Restore);
            case 3:
                return (["restore", "latest", "--db", lab.Source, "--tier", Lab.Tier, "--into", target], lab.Usual.Restore);
            default:
                // Sets beyond the tier's keep, so the prune has some to delete.
                for (var i = 0; i < 3; i++)
                {
                    await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.SecondsTier);
                }

                return (["prune", "--tier", Lab.SecondsTier], TimeSpan.FromMilliseconds(300));
        }
    }

    private static async Task<LedgerView.JobRow?> WaitAsync(LedgerView ledger, long id, Func<LedgerView.JobRow, bool> until, TimeSpan patience, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var job = await ledger.JobAsync(id, cancellationToken);
            if (job is null || until(job) || waited.Elapsed > patience)
            {
                return job;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }
    }

    /// <summary>Waits until no job but the <c>seconds</c> tier's own is queued or running; null when that came.</summary>
    private static async Task<string?> QuietAsync(LedgerView ledger, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var busy = await ledger.BusyAsync(cancellationToken);
            if (busy.Count == 0)
            {
                return null;
            }

            if (waited.Elapsed > Settle)
            {
                return $"jobs still queued or running {Settle.TotalSeconds:0} s later: {string.Join(", ", busy.Select(j => $"{j.Id} {j.Kind} {j.State}"))}";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
        }
    }

    private static long? IdIn(string output) =>
        JobId().Match(output) is { Success: true } match ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"queued as job (\d+)")]
    private static partial Regex JobId();
}
