namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The catch-up promise for the <c>seconds</c> tier (<c>*/2 * * * * *</c>, <c>catchUp: latest</c>): after a time
/// when its slots could not be inserted (no node, or no ledger), the first tick runs the most recent missed slot once,
/// as a catch-up, and none of the slots before it.
/// </summary>
internal static class CatchUp
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <paramref name="lastSlot"/> is the tier's last slot before the gap, <paramref name="resumedAt"/> when slots could
    /// be inserted again (both ledger times). Waits for the first slot after the gap; null when the promise held.
    /// </summary>
    public static async Task<string?> CheckAsync(LedgerView ledger, DateTimeOffset? lastSlot, DateTimeOffset resumedAt, CancellationToken cancellationToken)
    {
        // No earlier slot (a first start), or a clock stepped back behind it: nothing was missed.
        if (lastSlot is not { } last || last + Period > resumedAt - Period)
        {
            return null;
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<LedgerView.JobRow> after;
        while (!(after = await ledger.SlotsAfterAsync(Lab.SecondsTier, last, cancellationToken)).Any(j => j.CronSlot >= resumedAt - Period) && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken);
        }

        if (!after.Any(j => j.CronSlot >= resumedAt - Period))
        {
            return $"no slot of the {Lab.SecondsTier} tier after {last:HH:mm:ss} was inserted within 20 s of {resumedAt:HH:mm:ss}";
        }

        // A slot inserted on time just before the gap is not a missed one; every slot well inside the gap is.
        var ranInside = after.Where(j => j.CronSlot > last + Period && j.CronSlot < resumedAt - Period).ToList();
        if (ranInside.Count > 0)
        {
            return $"slots missed between {last:HH:mm:ss} and {resumedAt:HH:mm:ss} ran though catchUp is latest: {string.Join(", ", ranInside.Select(j => $"{j.CronSlot:HH:mm:ss} ({j.Trigger})"))}";
        }

        var first = after.First(j => j.CronSlot >= resumedAt - Period);
        return first.Trigger == "catch-up"
            ? null
            : $"the first slot after the gap {last:HH:mm:ss}–{resumedAt:HH:mm:ss} ran as '{first.Trigger}', not as the catch-up of the missed slots";
    }
}
