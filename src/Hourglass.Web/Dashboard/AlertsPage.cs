using System.Globalization;
using Hourglass.Alerts;
using Hourglass.Ledger;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// <c>/alerts</c>: the problems the nodes have alerted on, open ones first, and how each message was delivered per
/// channel. The alerts are the ones <c>hourglass alerts</c> and <c>/api/v1/alerts</c> list (every open alert, then
/// the newest others), read the same way, so an open alert older than the newest <see cref="Recent"/> is still shown.
/// </summary>
internal static class AlertsPage
{
    /// <summary>The newest alerts shown besides every open one.</summary>
    private const int Recent = 100;

    public static async Task<IResult> RenderAsync(HttpContext context, IAlertLedger alerts, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var document = await AlertListDocument.ReadAsync(alerts, Recent, context.RequestAborted);
        var rows = document.Alerts.OrderBy(a => a.State != "open").Select(alert => Html.Of($"""
            <tr data-alert="{alert.Key}" data-state="{alert.State}">
              <td>{Widgets.Badge(alert.State == "open" ? "bad" : "ok", alert.State)}</td>
              <td><code>{alert.Kind}</code></td><td>{alert.Subject}</td>
              <td>{alert.Message}{(alert.ResolvedMessage is { } resolved ? Html.Of($"""<br><span class="muted">{resolved}</span>""") : Markup.Empty)}</td>
              <td>{Widgets.Ago(At(alert.OpenedAt), now)}</td><td>{Widgets.Ago(At(alert.ResolvedAt), now)}</td>
              <td>{Html.Join(alert.Deliveries, d => Html.Of($"""<div>{d.Event} → {d.Channel}: {Widgets.Badge(d.State == "sent" ? "ok" : d.State == "failed" ? "bad" : "warn", d.State)}{(d.LastError is { } error ? Html.Of($""" <span class="muted">{error}</span>""") : Markup.Empty)}</div>"""))}</td>
            </tr>
            """)).ToList();

        return Layout.Page(context, "/alerts", "Alerts", Html.Of($"""
            <section>{Widgets.Table(["State", "Kind", "Subject", "Message", "Opened", "Resolved", "Deliveries"], rows, "No alerts: nothing has gone wrong, or no alert channel is configured.", id: "alerts")}</section>
            """));
    }

    /// <summary>A time as the alert document writes it (UTC, ISO 8601), back as a moment.</summary>
    private static DateTimeOffset? At(string? iso) =>
        iso is null ? null : DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
