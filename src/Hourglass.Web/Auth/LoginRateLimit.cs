using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Web.Auth;

/// <summary>
/// At most <see cref="Attempts"/> sign-in attempts per client per minute (ASP.NET Core's rate limiter), so a
/// password cannot be guessed at the speed of the network; the rest get 429 and a page that says when to try again.
/// A client is an IPv4 address, or an IPv6 /64: one host is usually given a whole /64, and counting each of its
/// 2^64 addresses apart would let it guess without limit.
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

    /// <summary>The client <paramref name="address"/> counts as: itself for IPv4 (also when mapped into IPv6), its /64 for IPv6.</summary>
    public static string Client(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return $"{new IPAddress(bytes)}/64";
    }

    public static IServiceCollection AddLoginRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                Client(context.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Attempts, Window = Window, QueueLimit = 0 }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                LoginEndpoints.Logger(context).SignInLimited(Client(context.Connection.RemoteIpAddress));
                context.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await LoginPage.Render(context, Message, returnUrl: null, StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            };
        });
}
