using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Hourglass.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Auth;

/// <summary><c>/login</c> (the form and its post, rate-limited) and <c>POST /logout</c>, with <c>web.auth</c> only.</summary>
internal static class LoginEndpoints
{
    public const string LoginPath = "/login";
    public const string LogoutPath = "/logout";

    /// <summary>The log of sign-ins and sign-outs.</summary>
    public static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LoginEndpoints).FullName!);

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet(LoginPath, (HttpContext context, string? returnUrl) =>
            context.User.Identity?.IsAuthenticated == true
                ? Results.LocalRedirect(ReturnUrl.LocalOrRoot(returnUrl))
                : LoginPage.Render(context, error: null, returnUrl));
        app.MapPost(LoginPath, SignInAsync).RequireRateLimiting(LoginRateLimit.Policy);
        app.MapPost(LogoutPath, async (HttpContext context) =>
        {
            Logger(context).SignedOut(context.User.Identity?.Name ?? "unknown");
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(LoginPath);
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, WebOptions options)
    {
        var logger = Logger(context);
        var auth = options.Auth!;
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var user = form["user"].ToString();
        var password = form["password"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

        bool matches;
        try
        {
            // Both checks always run, so the answer takes as long for a wrong user name as for a wrong password.
            var passwordMatches = await PasswordFile.MatchesAsync(auth.PasswordFile!, password, context.RequestAborted);
            matches = SameText(user, auth.User) & passwordMatches;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.PasswordFileUnreadable(auth.PasswordFile!, e.Message);
            return LoginPage.Render(context, "Signing in is not possible right now: the server cannot read its password file (see its log).", returnUrl, StatusCodes.Status500InternalServerError);
        }

        if (!matches)
        {
            logger.SignInFailed(client);
            return LoginPage.Render(context, "Wrong user name or password.", returnUrl, StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, auth.User)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
        logger.SignedIn(auth.User, client);
        return Results.LocalRedirect(ReturnUrl.LocalOrRoot(returnUrl));
    }

    private static bool SameText(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
