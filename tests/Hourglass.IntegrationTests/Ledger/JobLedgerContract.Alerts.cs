using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Ledger;

/// <summary>What every ledger store must do with alerts: each change once across nodes, each delivery sent by one.</summary>
public abstract partial class JobLedgerContract
{
    private static readonly NewAlert Failed = new("backup.failed:a/hourly", "backup.failed", "a/hourly", "a: its dump failed", new DateTimeOffset(2026, 12, 7, 12, 14, 43, 89, TimeSpan.Zero));

    private static readonly string[] EveryChannel = ["webhook", "slack", "email"];

    private static IReadOnlyList<NewDelivery> Messages(string change) =>
        [new("webhook", change, "{\"type\":\"backup.failed\"}"), new("email", change, "{\"subject\":\"s\"}")];

    private async Task<IAlertLedger> AlertLedgerAsync() => (IAlertLedger)await CreateLedgerAsync(Ct);

    [Fact]
    public async Task OpenAlert_SameKeyFromThreeConnectionsAtOnce_OneAlertWithOneSetOfDeliveries()
    {
        var ledger = await AlertLedgerAsync();

        var opened = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => ledger.OpenAlertAsync(Failed, Messages("opened"), Ct))));

        var alert = Assert.Single(opened, a => a is not null)!;
        Assert.Equal((Failed.Key, Failed.Kind, Failed.Subject, Failed.Message, (DateTimeOffset?)null), (alert.Key, alert.Kind, alert.Subject, alert.Message, alert.ResolvedAt));
        Assert.Single(await ledger.AlertsAsync(openOnly: false, 10, Ct));
        Assert.Equal(["webhook", "email"], (await ledger.DeliveriesAsync(alert.Id, Ct)).Select(d => d.Channel));
    }

    /// <summary>
    /// Found by the fault campaign (PostgreSQL stopped under serve): the "opened" message carried the node's time and
    /// the ledger recorded the database's, some milliseconds apart, so the "resolved" message (which repeats the
    /// recorded time) named an opening no receiver had seen.
    /// </summary>
    [Fact]
    public async Task OpenAlert_RecordsTheOpenedTimeItsMessageCarries()
    {
        var ledger = await AlertLedgerAsync();

        var alert = (await ledger.OpenAlertAsync(Failed, Messages("opened"), Ct))!;

        Assert.Equal(Failed.OpenedAt, alert.OpenedAt);
        Assert.Equal(Failed.OpenedAt, Assert.Single(await ledger.AlertsAsync(openOnly: false, 10, Ct)).OpenedAt);
    }

    [Fact]
    public async Task ResolveAlert_ThreeAtOnce_OneWins_AndTheKeyCanOpenAgain()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, Messages("opened"), Ct))!;

        var resolved = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => ledger.ResolveAlertAsync(alert.Id, "cleared", Messages("resolved"), Ct))));
        var again = await ledger.OpenAlertAsync(Failed, Messages("opened"), Ct);

        Assert.Single(resolved, r => r);
        var deliveries = await ledger.DeliveriesAsync(alert.Id, Ct);
        Assert.Equal(["opened", "opened", "resolved", "resolved"], deliveries.Select(d => d.Event));
        var closed = Assert.Single(await ledger.AlertsAsync(openOnly: false, 10, Ct), a => a.Id == alert.Id);
        Assert.Equal("cleared", closed.ResolvedMessage);
        Assert.NotNull(closed.ResolvedAt);
        Assert.NotNull(again);
        Assert.Equal(again.Id, Assert.Single(await ledger.AlertsAsync(openOnly: true, 10, Ct)).Id);
    }

    [Fact]
    public async Task RemindAlert_OnlyWhenDue_AndOnceAcrossConnections()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, Messages("opened"), Ct))!;

        var early = await ledger.RemindAlertAsync(alert.Id, TimeSpan.FromHours(1), Messages("reminder"), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(1200), TimeProvider.System, Ct);
        // The interval is long against the connections' start skew: a second caller whose transaction began a whole
        // interval after the winner's would rightly be due again (seen with 20 ms on a loaded CI machine).
        var due = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => ledger.RemindAlertAsync(alert.Id, TimeSpan.FromSeconds(1), Messages("reminder"), Ct))));

        Assert.False(early);
        Assert.Single(due, r => r);
        Assert.Equal(2, (await ledger.DeliveriesAsync(alert.Id, Ct)).Count(d => d.Event == "reminder"));
        Assert.True(Assert.Single(await ledger.AlertsAsync(openOnly: true, 10, Ct)).LastSentAt > alert.LastSentAt);
    }

    [Fact]
    public async Task ClaimDeliveries_ManyClaimersAtOnce_NeverHandOneRowToTwo()
    {
        var ledger = await AlertLedgerAsync();
        for (var i = 0; i < 10; i++)
        {
            await ledger.OpenAlertAsync(Failed with { Key = $"backup.failed:{i}" }, Messages("opened"), Ct);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(n => Task.Run(() => ledger.ClaimDeliveriesAsync($"sender-{n}", EveryChannel, TimeSpan.FromMinutes(1), 5, Ct))));
        var again = await ledger.ClaimDeliveriesAsync("late", EveryChannel, TimeSpan.FromMinutes(1), 100, Ct);

        var all = claims.SelectMany(c => c).Select(d => d.Id).ToList();
        Assert.Equal(20, all.Count);
        Assert.Equal(20, all.Distinct().Count());
        Assert.Empty(again);
    }

    [Fact]
    public async Task DeliveryFailed_KeepsTheError_WaitsForItsRetry_ThenGivesUp()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, [new NewDelivery("webhook", "opened", "{}")], Ct))!;
        var first = Assert.Single(await ledger.ClaimDeliveriesAsync("a", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct));

        Assert.False(await ledger.DeliverySentAsync(first.Id, "someone-else", Ct));
        Assert.True(await ledger.DeliveryFailedAsync(first.Id, "a", "answered 500 Internal Server Error", TimeSpan.FromHours(1), Ct));
        var waiting = await ledger.ClaimDeliveriesAsync("b", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct);
        var pending = Assert.Single(await ledger.DeliveriesAsync(alert.Id, Ct));
        Assert.True(await ledger.DeliveryFailedAsync(first.Id, "b", "late", null, Ct) is false);

        Assert.Empty(waiting);
        Assert.Equal(("pending", 1, "answered 500 Internal Server Error"), (pending.State, pending.Attempts, pending.LastError));
        Assert.True(pending.NextAt > await ((IJobLedger)ledger).NowAsync(Ct) + TimeSpan.FromMinutes(50));
    }

    [Fact]
    public async Task DeliverySent_AfterARetry_IsSentWithItsAttempts_AndFailedForGoodIsFinal()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, [new NewDelivery("webhook", "opened", "{}"), new NewDelivery("slack", "opened", "{}")], Ct))!;
        var claimed = await ledger.ClaimDeliveriesAsync("a", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct);
        await ledger.DeliveryFailedAsync(claimed[0].Id, "a", "timeout", TimeSpan.Zero, Ct);
        await ledger.DeliveryFailedAsync(claimed[1].Id, "a", "gone", null, Ct);

        var retried = Assert.Single(await ledger.ClaimDeliveriesAsync("b", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct));
        Assert.True(await ledger.DeliverySentAsync(retried.Id, "b", Ct));

        var deliveries = await ledger.DeliveriesAsync(alert.Id, Ct);
        Assert.Equal((claimed[0].Id, 1), (retried.Id, retried.Attempts));
        Assert.Equal([("sent", 2), ("failed", 1)], deliveries.Select(d => (d.State, d.Attempts)));
        Assert.NotNull(deliveries[0].SentAt);
    }

    [Fact]
    public async Task ClaimDeliveries_OnlyTheClaimersChannels_AndNoneWithoutChannels()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, Messages("opened"), Ct))!;

        var none = await ledger.ClaimDeliveriesAsync("no-channels", [], TimeSpan.FromMinutes(1), 10, Ct);
        var slackOnly = await ledger.ClaimDeliveriesAsync("slack-node", ["slack"], TimeSpan.FromMinutes(1), 10, Ct);
        var emailNode = await ledger.ClaimDeliveriesAsync("email-node", ["email", "slack"], TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Empty(none);
        Assert.Empty(slackOnly);
        Assert.Equal(["email"], emailNode.Select(d => d.Channel));
        var webhook = Assert.Single(await ledger.DeliveriesAsync(alert.Id, Ct), d => d.Channel == "webhook");
        Assert.Equal(("pending", 0), (webhook.State, webhook.Attempts));
    }

    /// <summary>An alert whose webhook "opened" failed once (due again after <paramref name="retryAfter"/>), then resolved.</summary>
    private async Task<(IAlertLedger Ledger, long Opened)> OpenedFailedThenResolvedAsync(TimeSpan retryAfter)
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, [new NewDelivery("webhook", "opened", "{}")], Ct))!;
        var opened = Assert.Single(await ledger.ClaimDeliveriesAsync("a", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct));
        await ledger.DeliveryFailedAsync(opened.Id, "a", "answered 503", retryAfter, Ct);
        await ledger.ResolveAlertAsync(alert.Id, "cleared", [new NewDelivery("webhook", "resolved", "{}")], Ct);
        return (ledger, opened.Id);
    }

    [Fact]
    public async Task ClaimDeliveries_ResolvedQueuedWhileTheOpenedIsInBackoff_WaitsForTheOpened()
    {
        var (ledger, _) = await OpenedFailedThenResolvedAsync(TimeSpan.FromHours(1));

        var claimed = await ledger.ClaimDeliveriesAsync("b", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Empty(claimed);
    }

    [Fact]
    public async Task ClaimDeliveries_OpenedAndResolvedBothDue_TheOpenedFirst_TheResolvedOnceItIsSent()
    {
        var (ledger, opened) = await OpenedFailedThenResolvedAsync(TimeSpan.Zero);

        var first = await ledger.ClaimDeliveriesAsync("b", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct);
        Assert.True(await ledger.DeliverySentAsync(opened, "b", Ct));
        var second = await ledger.ClaimDeliveriesAsync("c", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal(["opened"], first.Select(d => d.Event));
        Assert.Equal(["resolved"], second.Select(d => d.Event));
    }

    [Fact]
    public async Task ClaimDeliveries_EarlierDeliveryToAnotherChannelPending_DoesNotHoldThisChannel()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, Messages("opened"), Ct))!;
        var webhook = Assert.Single(await ledger.ClaimDeliveriesAsync("a", ["webhook"], TimeSpan.FromMinutes(1), 10, Ct));
        await ledger.DeliveryFailedAsync(webhook.Id, "a", "answered 503", TimeSpan.FromHours(1), Ct);
        var email = Assert.Single(await ledger.ClaimDeliveriesAsync("a", ["email"], TimeSpan.FromMinutes(1), 10, Ct));
        await ledger.DeliverySentAsync(email.Id, "a", Ct);
        await ledger.ResolveAlertAsync(alert.Id, "cleared", Messages("resolved"), Ct);

        var claimed = await ledger.ClaimDeliveriesAsync("b", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct);

        Assert.Equal([("email", "resolved")], claimed.Select(d => (d.Channel, d.Event)));
    }

    [Fact]
    public async Task ResolveAlert_SupersedesPendingReminders_KeepsThePendingOpened()
    {
        var ledger = await AlertLedgerAsync();
        var alert = (await ledger.OpenAlertAsync(Failed, [new NewDelivery("webhook", "opened", "{}")], Ct))!;
        Assert.True(await ledger.RemindAlertAsync(alert.Id, TimeSpan.Zero, [new NewDelivery("webhook", "reminder", "{}")], Ct));

        Assert.True(await ledger.ResolveAlertAsync(alert.Id, "cleared", [new NewDelivery("webhook", "resolved", "{}")], Ct));

        var deliveries = await ledger.DeliveriesAsync(alert.Id, Ct);
        Assert.Equal([("opened", "pending"), ("reminder", "superseded"), ("resolved", "pending")], deliveries.Select(d => (d.Event, d.State)));
        Assert.Equal(["opened"], (await ledger.ClaimDeliveriesAsync("a", EveryChannel, TimeSpan.FromMinutes(1), 10, Ct)).Select(d => d.Event));
    }
}
