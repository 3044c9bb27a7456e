using Hourglass.Ledger;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary><c>/alerts</c>: the problems the nodes have alerted on, open ones first, and how each message was delivered per channel.</summary>
internal static class AlertsPage
{
    private const int Limit = 100;

    /// <summary>Alerts whose deliveries are shown (each is one more query).</summary>
    private const int WithDeliveries = 20;

    public static async Task<IResult> RenderAsync(HttpContext context, IAlertLedger alerts, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var now = time.GetUtcNow();
        var all = (await alerts.AlertsAsync(openOnly: false, Limit, cancellationToken)).OrderBy(a => a.ResolvedAt is not null).ToList();
        var rows = new List<Markup>();
        foreach (var (alert, index) in all.Select((a, i) => (a, i)))
        {
            var deliveries = index < WithDeliveries ? await alerts.DeliveriesAsync(alert.Id, cancellationToken) : [];
            rows.Add(Html.Of($"""
                <tr data-alert="{alert.Key}">
                  <td>{Widgets.Badge(alert.ResolvedAt is null ? "bad" : "ok", alert.ResolvedAt is null ? "open" : "resolved")}</td>
                  <td><code>{alert.Kind}</code></td><td>{alert.Subject}</td>
                  <td>{alert.Message}{(alert.ResolvedMessage is { } resolved ? Html.Of($"""<br><span class="muted">{resolved}</span>""") : Markup.Empty)}</td>
                  <td>{Widgets.Ago(alert.OpenedAt, now)}</td><td>{Widgets.Ago(alert.ResolvedAt, now)}</td>
                  <td>{Html.Join(deliveries, d => Html.Of($"""<div>{d.Event} → {d.Channel}: {Widgets.Badge(d.State == "sent" ? "ok" : d.State == "failed" ? "bad" : "warn", d.State)}{(d.LastError is { } error ? Html.Of($""" <span class="muted">{error}</span>""") : Markup.Empty)}</div>"""))}</td>
                </tr>
                """));
        }

        return Layout.Page(context, "/alerts", "Alerts", Html.Of($"""
            <section>{Widgets.Table(["State", "Kind", "Subject", "Message", "Opened", "Resolved", "Deliveries"], rows, "No alerts: nothing has gone wrong, or no alert channel is configured.", id: "alerts")}</section>
            """));
    }
}
