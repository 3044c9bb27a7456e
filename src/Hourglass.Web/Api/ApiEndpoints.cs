using Hourglass.Web.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Api;

/// <summary>
/// <c>/api/v1/…</c>: the engine's documents as JSON (README "JSON API"), and actions that enqueue jobs. Everything
/// under <c>/api</c> needs the same sign-in as the pages, answers errors as <c>{"error": "…"}</c> with a fitting
/// status (an unknown route too), and returns no secret: the documents hold names, paths and times, never a
/// connection string, a key or a token.
/// </summary>
internal static class ApiEndpoints
{
    public static IServiceCollection AddWebApi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapWebApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(WebAuth.Policy);
        api.AddEndpointFilterFactory(ApiErrors.Filter);
        var v1 = api.MapGroup("/v1");
        v1.MapStatusRoutes();
        v1.MapSetRoutes();
        v1.MapJobRoutes();
        api.Map("{**rest}", (HttpRequest request) => ApiResults.NotFound(Errors.NoSuchRoute(request.Path)));
        return app;
    }
}
