using Hourglass.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Hourglass.Web.Metrics;

/// <summary><c>/metrics</c> in the Prometheus text format (README "Metrics"), behind the same sign-in as the API (a bearer token for scrapers).</summary>
internal static class MetricsEndpoints
{
    public static IServiceCollection AddWebMetrics(this IServiceCollection services)
    {
        services.AddSingleton<HourglassMetrics>();
        services.AddSingleton<MetricsScrape>();
        services.AddHostedService<MetricsFeed>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebMetrics(this IEndpointRouteBuilder app)
    {
        var metrics = app.ServiceProvider.GetRequiredService<HourglassMetrics>();
        var scrape = app.ServiceProvider.GetRequiredService<MetricsScrape>();
        metrics.Registry.AddBeforeCollectCallback(scrape.BeforeCollectAsync);
        app.MapMetrics("/metrics", metrics.Registry).RequireAuthorization(WebAuth.Policy);
        return app;
    }
}
