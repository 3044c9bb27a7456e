namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The clock of the ledger's server (which the nodes' cron slots and leases follow) stepped forward or back 20–120 s
/// while two nodes run the <c>seconds</c> tier, held there for 6–12 s, then stepped back to the true time. Forward: leases look expired and
/// slots are missed, so the latest missed slot must run once as a catch-up and no job run twice at once. Back: slots
/// already run come round again, and none may run a second time. Either way the tier must run again once the true
/// time passes its last slot (after a forward step, the slots run early stay run).
/// </summary>
internal sealed class ClockJump : DaemonFault
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    public override string Kind => "clock stepped forward or back";

    public override double Weight => 0.7;

    protected override async Task<FaultResult> StrikeAsync(Lab lab, ServeNodes nodes, LedgerView ledger, Random random, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1 + (3 * random.NextDouble())), TimeProvider.System, cancellationToken);
        var forward = random.Next(2) == 0;
        var step = TimeSpan.FromSeconds((forward ? 1 : -1) * (lab.Smoke ? 20 : random.Next(20, 121)));
        var before = await ledger.NowAsync(cancellationToken);
        var lastSlot = await ledger.LastSlotAsync(Lab.SecondsTier, cancellationToken) ?? before;
        var earlier = (await ledger.SlotsAfterAsync(Lab.SecondsTier, DateTimeOffset.MinValue, cancellationToken)).Count(j => j.CronSlot <= lastSlot);
        lab.Clock.Set(step);
        try
        {
            var jumpedTo = await ledger.NowAsync(cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(6 + (6 * random.NextDouble())), TimeProvider.System, cancellationToken);
            string? violation;
            if (forward)
            {
                violation = await CatchUp.CheckAsync(ledger, lastSlot, jumpedTo, cancellationToken);
            }
            else
            {
                var now = (await ledger.SlotsAfterAsync(Lab.SecondsTier, DateTimeOffset.MinValue, cancellationToken)).Count(j => j.CronSlot <= lastSlot);
                violation = now == earlier ? null : $"after the clock went back {-step.TotalSeconds:0} s, {now - earlier} slots at or before the last one run ({lastSlot:HH:mm:ss}) were inserted";
            }

            return FaultResult.Of(Landings.Mid, violation) with { Detail = $"{(forward ? "+" : "")}{step.TotalSeconds:0} s" };
        }
        finally
        {
            lab.Clock.Set(TimeSpan.Zero);
        }
    }

    /// <summary>After the true time is back: the tier runs again once the true time passes its last slot; null when it did.</summary>
    protected override async Task<string?> RecoverAsync(Lab lab, LedgerView ledger, CancellationToken cancellationToken)
    {
        var lastSlot = await ledger.LastSlotAsync(Lab.SecondsTier, cancellationToken) ?? DateTimeOffset.MinValue;
        var patience = (lastSlot - await ledger.NowAsync(cancellationToken)).Duration() + TimeSpan.FromSeconds(20);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < patience)
        {
            if ((await ledger.SlotsAfterAsync(Lab.SecondsTier, lastSlot, cancellationToken)).Count > 0)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken);
        }

        return $"the {Lab.SecondsTier} tier did not run again within {patience.TotalSeconds:0} s of the clock coming back (its last slot {lastSlot:HH:mm:ss})";
    }
}
