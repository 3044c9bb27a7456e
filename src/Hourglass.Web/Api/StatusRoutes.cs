using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

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
            var open = Flag(request.Query["open"]);
            var limit = Limit(request.Query["limit"]);
            var documents = new List<AlertDocument>();
            foreach (var alert in await alerts.AlertsAsync(open, limit, cancellationToken))
            {
                documents.Add(AlertDocument.From(alert, await alerts.DeliveriesAsync(alert.Id, cancellationToken)));
            }

            return ApiResults.Document<IReadOnlyList<AlertDocument>>(documents);
        });
        return v1;
    }

    private static bool Flag(StringValues value) => value.Count == 0 ? false
        : bool.TryParse(value[^1], out var flag) ? flag
        : throw Errors.BadQueryValue("open", value[^1] ?? "", "use true (open alerts only) or false");

    private static int Limit(StringValues value) => value.Count == 0 ? JobFilter.DefaultLimit
        : int.TryParse(value[^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= MaxAlerts ? limit
        : throw Errors.BadQueryValue("limit", value[^1] ?? "", $"use a whole number from 1 to {MaxAlerts}");
}
