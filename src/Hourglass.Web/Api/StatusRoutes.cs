using Hourglass.Alerts;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hourglass.Web.Api;

/// <summary><c>status</c> (as <c>status --json</c> prints it), <c>nodes</c> and <c>alerts</c>.</summary>
internal static class StatusRoutes
{
    /// <summary>The most alerts one request returns.</summary>
    private const int MaxAlerts = 500;

    public static RouteGroupBuilder MapStatusRoutes(this RouteGroupBuilder v1)
    {
        v1.MapGet("/status", async (EngineSnapshot snapshot, CancellationToken cancellationToken) =>
            ApiResults.Document(StatusDocument.From((await snapshot.CurrentAsync(cancellationToken)).Status)));

        v1.MapGet("/nodes", async (IJobLedger ledger, CancellationToken cancellationToken) =>
        {
            var now = await ledger.NowAsync(cancellationToken);
            var nodes = await ledger.NodesAsync(cancellationToken);
            return ApiResults.Document<IReadOnlyList<StatusNodeDocument>>([.. nodes.Select(n => StatusNodeDocument.From(NodeStatus.From(n, now)))]);
        });

        v1.MapGet("/alerts", async (HttpRequest request, IAlertLedger alerts, CancellationToken cancellationToken) =>
        {
            var open = QueryValues.Last<bool>(request.Query["open"], "open", text => bool.TryParse(text, out var flag) ? flag : null, "use true (open alerts only) or false") ?? false;
            var limit = QueryValues.Limit(request.Query["limit"], MaxAlerts, JobFilter.DefaultLimit);
            return ApiResults.Document(await AlertListDocument.ReadAsync(alerts, open ? 0 : limit, cancellationToken));
        });
        return v1;
    }
}
