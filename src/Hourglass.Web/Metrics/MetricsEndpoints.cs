using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Metrics;

/// <summary><c>/metrics</c> in the Prometheus text format.</summary>
internal static class MetricsEndpoints
{
    public static IServiceCollection AddWebMetrics(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapWebMetrics(this IEndpointRouteBuilder app) => app;
}
