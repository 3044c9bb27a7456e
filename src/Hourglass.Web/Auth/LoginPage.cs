using Hourglass.Web.Dashboard;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Auth;

/// <summary>
/// The sign-in form: user name and password, posted with its antiforgery token; works without script. The user name
/// is never filled in: the page is public, and the name is half of what a guesser needs.
/// </summary>
internal static class LoginPage
{
    public static IResult Render(HttpContext context, string? error, string? returnUrl, int statusCode = StatusCodes.Status200OK)
    {
        var token = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>().GetAndStoreTokens(context).RequestToken;
        return Layout.Bare(context, "Sign in", Html.Of($"""
            {Html.If(error is not null, Html.Of($"""<p class="error" role="alert">{error}</p>"""))}
            <form method="post" action="{LoginEndpoints.LoginPath}" class="login">
              <input type="hidden" name="{WebAuth.AntiforgeryField}" value="{token}">
              <input type="hidden" name="returnUrl" value="{returnUrl ?? "/"}">
              <label>User <input name="user" autocomplete="username" required autofocus></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
              <button type="submit">Sign in</button>
            </form>
            """), statusCode);
    }
}
