using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Auth;

/// <summary>
/// At most <see cref="Attempts"/> sign-in attempts per client address per minute (ASP.NET Core's rate limiter), so a
/// password cannot be guessed at the speed of the network; the rest get 429 and a page that says when to try again.
/// </summary>
internal static class LoginRateLimit
{
    /// <summary>The policy's name, for the sign-in endpoint.</summary>
    public const string Policy = "login";

    /// <summary>Attempts allowed per address per <see cref="Window"/>.</summary>
    public const int Attempts = 5;

    /// <summary>The window the attempts are counted in.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>What a refused attempt is told.</summary>
    public const string Message = "Too many sign-in attempts from your address: wait a minute, then try again.";

    public static IServiceCollection AddLoginRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Attempts, Window = Window, QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                LoginEndpoints.Logger(context).SignInLimited(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
                context.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await LoginPage.Render(context, Message, returnUrl: null, StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            };
        });
}
