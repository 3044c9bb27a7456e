using Hourglass.Configuration;
using Hourglass.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// The frame of every page: navigation, the antiforgery token the script sends with each action, sign-out, and the
/// <c>#content</c> element the script re-fetches when the engine reports an event. The stylesheet and script come
/// from this assembly; the content security policy (<see cref="SecurityHeaders"/>) allows nothing else.
/// </summary>
internal static class Layout
{
    private static readonly (string Path, string Title)[] Sections =
    [
        ("/", "Overview"),
        ("/sets", "Sets"),
        ("/jobs", "Jobs"),
        ("/nodes", "Nodes"),
        ("/alerts", "Alerts"),
    ];

    /// <summary>A whole page of section <paramref name="section"/> (a path of <see cref="Sections"/>) titled <paramref name="title"/>.</summary>
    public static IResult Page(HttpContext context, string section, string title, Markup content, int statusCode = StatusCodes.Status200OK)
    {
        var options = context.RequestServices.GetRequiredService<WebOptions>();
        var token = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken;
        var user = context.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : null;
        var nav = Html.Join(Sections, s => Html.Of($"""<a href="{s.Path}"{(s.Path == section ? new Markup(" aria-current=\"page\"") : Markup.Empty)}>{s.Title}</a>"""));
        var signOut = Html.If(options.Auth is not null && user is not null, Html.Of($"""
            <form method="post" action="/logout" class="signout">
              <input type="hidden" name="{WebAuth.AntiforgeryField}" value="{token}">
              <button type="submit">Sign out {user}</button>
            </form>
            """));
        return Document(title, token, Html.Of($"""
            <header class="top">
              <a class="brand" href="/"><img src="{DashboardAssets.Url("icon.svg")}" alt="" width="20" height="20"> Hourglass</a>
              <nav>{nav}</nav>
              <span class="live" id="live" title="Live updates">live</span>
              {signOut}
            </header>
            <p id="flash" role="status" hidden></p>
            <main id="content">
            <h1>{title}</h1>
            {content}
            </main>
            """), statusCode);
    }

    /// <summary>A page without navigation (the sign-in page).</summary>
    public static IResult Bare(HttpContext context, string title, Markup content, int statusCode)
    {
        var token = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context).RequestToken;
        return Document(title, token, Html.Of($"""<main id="content" class="narrow"><h1><img src="{DashboardAssets.Url("icon.svg")}" alt="" width="28" height="28"> {title}</h1>{content}</main>"""), statusCode);
    }

    private static IResult Document(string title, string? token, Markup body, int statusCode) =>
        Results.Content(Html.Of($"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="hourglass-antiforgery" content="{token}">
            <title>{title} · Hourglass</title>
            <link rel="icon" href="{DashboardAssets.Url("icon.svg")}" type="image/svg+xml">
            <link rel="stylesheet" href="{DashboardAssets.Url("app.css")}">
            <script src="{DashboardAssets.Url("app.js")}" defer></script>
            </head>
            <body>
            {body}
            </body>
            </html>
            """).Value, "text/html; charset=utf-8", statusCode: statusCode);
}
