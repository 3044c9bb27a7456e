using Hourglass.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hourglass.Web.Auth;

/// <summary>
/// Who may read and act (README "Web security"). With <c>web.auth</c>: a cookie session for people (signed in at
/// <c>/login</c> against the password hash) or a bearer token for scripts, on every page and API route but health,
/// sign-in and the assets. Without it: anyone on loopback reads, and only loopback host names are served. In both, a
/// state-changing request needs an antiforgery token unless it carries a valid bearer token, so a page in the
/// person's browser on another site cannot make the host start or restore anything. All of it is applied here, in
/// front of every endpoint, so routes added elsewhere are covered without asking for it.
/// </summary>
internal static class WebAuth
{
    /// <summary>The policy every page and API endpoint but health and sign-in requires.</summary>
    public const string Policy = "hourglass";

    /// <summary>The header the dashboard's script sends the antiforgery token in.</summary>
    public const string AntiforgeryHeader = "X-Hourglass-Antiforgery";

    /// <summary>The form field forms send the antiforgery token in.</summary>
    public const string AntiforgeryField = "__hourglass_antiforgery";

    /// <summary>The scheme that picks the bearer or the cookie scheme per request.</summary>
    private const string SelectScheme = "hourglass";

    public static IServiceCollection AddWebAuth(this IServiceCollection services, WebOptions options)
    {
        // Keys live in memory only: a restart signs everybody out, and there is no key file to protect or share.
        services.AddDataProtection().SetApplicationName("hourglass-web").UseEphemeralDataProtectionProvider();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.FormFieldName = AntiforgeryField;
            antiforgery.Cookie.Name = "hourglass.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            antiforgery.SuppressXFrameOptionsHeader = true; // SecurityHeaders sends it for every response
        });

        var authentication = services.AddAuthentication(SelectScheme)
            .AddPolicyScheme(SelectScheme, null, select => select.ForwardDefaultSelector = context =>
                options.Auth is null || BearerTokenHandler.Carries(context.Request.Headers.Authorization)
                    ? BearerTokenHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        if (options.Auth is { } auth)
        {
            authentication.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.Cookie.Name = "hourglass.session";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = auth.SessionLifetime;
                cookie.SlidingExpiration = true;
                cookie.LoginPath = LoginEndpoints.LoginPath;
                cookie.LogoutPath = LoginEndpoints.LogoutPath;
                // AccessGate answers unauthenticated requests itself; a challenge that still gets here must not redirect an API client.
                cookie.Events.OnRedirectToLogin = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
            });
        }

        services.AddAuthorization(authorization => authorization.AddPolicy(Policy, policy =>
        {
            if (options.Auth is null)
            {
                policy.RequireAssertion(_ => true);
            }
            else
            {
                policy.RequireAuthenticatedUser();
            }
        }));
        services.AddLoginRateLimit();
        ForgoKeyRing(services);
        return services;
    }

    /// <summary>
    /// Removes data protection's start-up service, which creates a key ring (and writes it, unencrypted, under
    /// ~/.aspnet) that the ephemeral provider never uses: keys that live in memory must not appear on disk.
    /// </summary>
    private static void ForgoKeyRing(IServiceCollection services)
    {
        foreach (var keyRing in services.Where(s => s.ServiceType == typeof(IHostedService) && s.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            services.Remove(keyRing);
        }
    }

    public static WebApplication UseWebAuth(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<WebOptions>();
        // A TLS proxy on the same machine tells the scheme and the client's address; only loopback proxies are believed
        // (the defaults), so a client cannot claim another address to get round the sign-in limit.
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        app.UseForwardedHeaders(forwarded);
        app.UseMiddleware<SecurityHeaders>();
        if (options.Auth is null)
        {
            app.UseMiddleware<LoopbackHosts>();
        }

        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<AccessGate>();
        app.UseAuthorization();
        if (options.Auth is not null)
        {
            app.MapLogin();
        }

        return app;
    }
}
