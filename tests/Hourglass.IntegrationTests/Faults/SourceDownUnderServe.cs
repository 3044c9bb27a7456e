namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The source database's PostgreSQL stopped for 4–10 s while two nodes run the <c>seconds</c> tier, so its backups
/// fail; then started again, so they succeed. Across both nodes the problem must be alerted once and resolved once
/// (one "opened" and one "resolved" webhook, however many failures and nodes saw it, and never opened again).
/// </summary>
internal sealed class SourceDownUnderServe : DaemonFault
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public override string Kind => "PostgreSQL stopped under serve (alerts)";

    public override double Weight => 0.7;

    protected override async Task<FaultResult> StrikeAsync(Lab lab, ServeNodes nodes, LedgerView ledger, Random random, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1 + (3 * random.NextDouble())), TimeProvider.System, cancellationToken);
        var down = TimeSpan.FromSeconds(4 + (6 * random.NextDouble()));
        var before = Alerts.Messages(lab).Count;
        await lab.Cluster.HaltAsync();
        try
        {
            await Task.Delay(down, TimeProvider.System, cancellationToken);
        }
        finally
        {
            await lab.Cluster.ResumeAsync();
        }

        // The failure is alerted for the tier (no set was written) or for the database (a set with its dump failed).
        string[] keys = [$"backup.failed:{Lab.SecondsTier}", $"backup.failed:{lab.Source}/{Lab.SecondsTier}"];
        var waited = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<IGrouping<string, Alerts.Message>> alerts;
        while ((alerts = Alerts.Messages(lab).Skip(before).Where(m => keys.Contains(m.Key)).GroupBy(m => m.Key + " " + m.OpenedAt).ToList()) is var found
            && (found.Count == 0 || found.Any(a => !a.Any(m => m.Event == "resolved")))
            && waited.Elapsed < Patience)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken);
        }

        // One outage is one problem: an alert of it resolved and opened again (a second openedAt) is a violation too.
        var violations = alerts.Count == 0
            ? [$"no backup failure of {Lab.SecondsTier} was alerted within {Patience.TotalSeconds:0} s of PostgreSQL stopping for {down.TotalSeconds:0} s"]
            : alerts
                .Where(a => a.Count(m => m.Event == "opened") != 1 || a.Count(m => m.Event == "resolved") != 1)
                .Select(a => $"the alert {a.Key} was opened {a.Count(m => m.Event == "opened")} times and resolved {a.Count(m => m.Event == "resolved")} times within {Patience.TotalSeconds:0} s, not once each")
                .Concat(alerts
                    .GroupBy(a => a.First().Key)
                    .Where(g => g.Count() > 1)
                    .Select(g => $"the alert {g.Key} was opened {g.Count()} times for one outage of {down.TotalSeconds:0} s (opened, resolved and opened again)"))
                .ToList();
        return FaultResult.Of(Landings.Mid, [.. violations]) with { Detail = $"{down.TotalSeconds:0} s, {alerts.Count} alerts" };
    }
}
