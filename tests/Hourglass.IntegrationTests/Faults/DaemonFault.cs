namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// A fault that strikes <c>serve</c> nodes. Every such round starts two nodes after a time with none, so it first
/// checks the catch-up promise (<c>catchUp: latest</c>: of the <c>seconds</c> tier's slots missed while no node ran,
/// the most recent runs once and no other), then strikes, then checks the ledger while the nodes still run (no slot
/// twice, nothing executing past its lease for longer than a node takes to rescue it, an error row for every failed
/// attempt), and stops the nodes with SIGTERM (none may have died by itself).
/// </summary>
internal abstract class DaemonFault : Fault
{
    public sealed override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var ledger = new LedgerView(lab);
        var lastSlot = await ledger.LastSlotAsync(Lab.SecondsTier, cancellationToken);
        var startedAt = await ledger.NowAsync(cancellationToken);
        using var nodes = ServeNodes.Start(lab, 2);
        var violations = new List<string?> { await CatchUp.CheckAsync(ledger, lastSlot, startedAt, cancellationToken) };
        var result = await StrikeAsync(lab, nodes, ledger, random, cancellationToken);
        violations.AddRange(result.Violations);
        violations.Add(await RecoverAsync(lab, ledger, cancellationToken));
        violations.AddRange(await ledger.ViolationsAsync(Lab.Lease + Lab.RescueEvery + TimeSpan.FromSeconds(3), cancellationToken));
        violations.AddRange(await nodes.StopAsync());
        return FaultResult.Of(result.Landing, [.. violations]) with { Detail = result.Detail, Output = nodes.Output };
    }

    /// <summary>What the nodes must do after the fault, while they still run; null when they did.</summary>
    protected virtual Task<string?> RecoverAsync(Lab lab, LedgerView ledger, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>The fault itself, with two nodes running; it may kill and start nodes.</summary>
    protected abstract Task<FaultResult> StrikeAsync(Lab lab, ServeNodes nodes, LedgerView ledger, Random random, CancellationToken cancellationToken);
}
