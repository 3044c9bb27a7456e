using System.Globalization;
using System.Net;

namespace Hourglass.Configuration;

/// <summary>Reads <c>web.listen</c> (<c>host:port</c> with an IP address, or <c>localhost:port</c>).</summary>
public static class WebListen
{
    /// <summary>The endpoint <paramref name="listen"/> names, or null when it is not <c>address:port</c>.</summary>
    public static IPEndPoint? TryParse(string? listen)
    {
        if (string.IsNullOrWhiteSpace(listen) || !listen.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        if (listen.StartsWith("localhost:", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(listen["localhost:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= IPEndPoint.MaxPort
                ? new IPEndPoint(IPAddress.Loopback, port)
                : null;
        }

        // IPEndPoint.TryParse takes a bare address too (port 0); a port must be written.
        return IPEndPoint.TryParse(listen, out var endpoint) && (listen.EndsWith(":0", StringComparison.Ordinal) || endpoint.Port != 0) ? endpoint : null;
    }
}
