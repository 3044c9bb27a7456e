using Hourglass.Configuration;
using Hourglass.Web.Api;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Auth;

/// <summary>
/// The one door every request passes, whatever endpoint it is for. With <c>web.auth</c>, a request without a session
/// or a valid bearer token gets no further than health, sign-in and the assets: a page is sent to <c>/login</c>, the
/// API and <c>/metrics</c> answer 401. With or without it, a state-changing request (anything but GET, HEAD, OPTIONS,
/// TRACE) needs a valid antiforgery token, unless a valid bearer token authenticated it.
/// </summary>
internal sealed class AccessGate(RequestDelegate next, WebOptions options, IAntiforgery antiforgery, ILogger<AccessGate> logger)
{
    private static readonly PathString[] Public = ["/healthz", "/readyz", LoginEndpoints.LoginPath, "/assets", "/favicon.ico"];

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var authenticated = context.User.Identity?.IsAuthenticated == true;
        if (options.Auth is not null && !authenticated && !Public.Any(p => request.Path.StartsWithSegments(p)))
        {
            await RefuseAnonymousAsync(context);
            return;
        }

        var byToken = authenticated && context.User.Identity!.AuthenticationType == BearerTokenHandler.SchemeName;
        if (!byToken && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method)
            && !HttpMethods.IsOptions(request.Method) && !HttpMethods.IsTrace(request.Method)
            && !await antiforgery.IsRequestValidAsync(context))
        {
            logger.AntiforgeryRefused(request.Method, request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            await ActionJson.WriteErrorAsync(context, StatusCodes.Status400BadRequest, "the request has no valid antiforgery token: reload the page and try again; scripts send Authorization: Bearer with a token from `hourglass tokens create`");
            return;
        }

        await next(context);
    }

    /// <summary>Pages go to sign-in and come back; the API and metrics, which a person does not read, get a 401.</summary>
    private static Task RefuseAnonymousAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/metrics"))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ActionJson.WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "sign in at /login, or send Authorization: Bearer with a token from `hourglass tokens create`");
        }

        var back = path + context.Request.QueryString;
        context.Response.Redirect($"{LoginEndpoints.LoginPath}?returnUrl={Uri.EscapeDataString(back)}");
        return Task.CompletedTask;
    }
}
