using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Health;

/// <summary>
/// <c>/healthz</c> (the process is up: restart it when this fails) and <c>/readyz</c> (the ledger answers and the
/// schedule runs: send it no traffic, and alert, when this fails), for systemd, Kubernetes and load balancers. Both
/// are anonymous, so neither carries more than a node id and a one-line reason.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).AllowAnonymous();
        app.MapGet("/readyz", async (Readiness readiness, CancellationToken cancellationToken) =>
        {
            var answer = await readiness.CheckAsync(cancellationToken);
            return Results.Json(answer, WebJson.Relaxed.ReadinessDocument, statusCode: answer.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).AllowAnonymous();
        return app;
    }

    public static IServiceCollection AddHealth(this IServiceCollection services) => services.AddSingleton<Readiness>();
}
