using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Api;

/// <summary><c>/api/v1/…</c>: the engine's documents as JSON, and actions that enqueue jobs.</summary>
internal static class ApiEndpoints
{
    public static IServiceCollection AddWebApi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapWebApi(this IEndpointRouteBuilder app) => app;
}
