using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// The dashboard (README "Web"): server-rendered pages that read the engine directly (the snapshot, the ledger, the
/// stores), every asset from this assembly (no CDN), and the live event stream the pages follow. Buttons post to
/// the API's actions; nothing here changes anything.
/// </summary>
internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapDashboardAssets();
        app.MapLiveEvents();
        app.MapGet("/", OverviewPage.RenderAsync);
        app.MapGet("/sets", SetsPage.RenderAsync);
        app.MapGet("/sets/{tier}/{name}", SetPage.RenderAsync);
        app.MapGet("/jobs", JobsPage.RenderAsync);
        app.MapGet("/jobs/{id:long}", JobPage.RenderAsync);
        app.MapGet("/nodes", NodesPage.RenderAsync);
        app.MapGet("/alerts", AlertsPage.RenderAsync);
        return app;
    }
}
