using Microsoft.Extensions.Logging;

namespace Hourglass.Web;

/// <summary>The web host's log lines, with fixed event ids (3000–3999) and named fields; never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Web host listening on {Address}")]
    public static partial void WebListening(this ILogger logger, string address);
}
