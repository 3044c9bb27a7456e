using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Auth;

/// <summary>
/// Headers on every response: the content security policy allows only this host's own stylesheet, script, images
/// and requests (the pages have no inline script, and nothing comes from a CDN), no page may be framed (clickjacking
/// a restore button), and nothing is cached but the versioned assets.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    }
}
