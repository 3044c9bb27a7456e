namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The ledger's PostgreSQL stopped for 30–90 s while two nodes run the <c>seconds</c> tier, then started again. The
/// nodes must live through it, and once the ledger answers, the most recent slot missed meanwhile runs once as a
/// catch-up and none before it (<c>catchUp: latest</c>).
/// </summary>
internal sealed class LedgerOutage : DaemonFault
{
    public override string Kind => "ledger unreachable 30–90 s";

    public override double Weight => 0.4;

    protected override async Task<FaultResult> StrikeAsync(Lab lab, ServeNodes nodes, LedgerView ledger, Random random, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(2 + (3 * random.NextDouble())), TimeProvider.System, cancellationToken);
        var outage = TimeSpan.FromSeconds(lab.Smoke ? 30 : 30 + (60 * random.NextDouble()));
        IReadOnlyList<string> crashedDuring;
        await lab.LedgerCluster.HaltAsync();
        try
        {
            await Task.Delay(outage, TimeProvider.System, cancellationToken);
            crashedDuring = nodes.Crashed();
        }
        finally
        {
            // Even when the round is cut short: later rounds need the ledger.
            await lab.LedgerCluster.ResumeAsync();
        }

        // The slots of the outage could not be inserted; its last slot before it is what the ledger recorded.
        var resumedAt = await ledger.NowAsync(cancellationToken);
        var lastSlot = await ledger.LastSlotAsync(Lab.SecondsTier, cancellationToken);
        var caughtUp = await CatchUp.CheckAsync(ledger, lastSlot, resumedAt, cancellationToken);
        return FaultResult.Of(Landings.Mid, [caughtUp, .. crashedDuring.Select(c => "during the outage, " + c)]) with { Detail = $"{outage.TotalSeconds:0} s" };
    }
}
