using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Auth;

/// <summary>
/// Without <c>web.auth</c>, answers only requests addressed to a loopback name (<c>127.0.0.1</c>, <c>[::1]</c>,
/// <c>localhost</c>). Binding loopback keeps other machines out, but not a web page whose own host name is made to
/// resolve to 127.0.0.1 (DNS rebinding): the browser then treats this host as that page's origin and lets its script
/// read the pages, tokens included. Such a request still names the page's host, which this refuses.
/// </summary>
internal sealed class LoopbackHosts(RequestDelegate next, ILogger<LoopbackHosts> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (IsLoopback(host))
        {
            await next(context);
            return;
        }

        logger.HostRefused(host, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync($"Without web.auth this host answers only to 127.0.0.1, [::1] or localhost: open it by one of those names, or set web.auth (README \"Web security\").\n", context.RequestAborted);
    }

    /// <summary>True for <c>localhost</c> and loopback addresses (with or without IPv6 brackets).</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
