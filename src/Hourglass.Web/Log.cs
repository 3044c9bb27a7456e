using Microsoft.Extensions.Logging;

namespace Hourglass.Web;

/// <summary>The web host's log lines, with fixed event ids (3000–3999) and named fields; never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Web host listening on {Address}")]
    public static partial void WebListening(this ILogger logger, string address);

    // 3100–3199: sign-in, tokens, antiforgery and the actions people take.
    [LoggerMessage(3100, LogLevel.Warning, "Refused a bearer token from {Client}: unknown or revoked")]
    public static partial void TokenRefused(this ILogger logger, string client);

    [LoggerMessage(3101, LogLevel.Information, "{User} signed in from {Client}")]
    public static partial void SignedIn(this ILogger logger, string user, string client);

    [LoggerMessage(3102, LogLevel.Warning, "Sign-in failed from {Client}: wrong user name or password")]
    public static partial void SignInFailed(this ILogger logger, string client);

    [LoggerMessage(3103, LogLevel.Warning, "Sign-in attempts from {Client} are over the limit; refused until the minute is up")]
    public static partial void SignInLimited(this ILogger logger, string client);

    [LoggerMessage(3104, LogLevel.Information, "{User} signed out")]
    public static partial void SignedOut(this ILogger logger, string user);

    [LoggerMessage(3105, LogLevel.Warning, "Refused {Method} {Path} from {Client}: no valid antiforgery token")]
    public static partial void AntiforgeryRefused(this ILogger logger, string method, string path, string client);

    [LoggerMessage(3106, LogLevel.Warning, "Refused a request for host {Host} from {Client}: without web.auth only 127.0.0.1, [::1] and localhost are served")]
    public static partial void HostRefused(this ILogger logger, string host, string client);

    [LoggerMessage(3107, LogLevel.Error, "Cannot read the password file {Path}: {Reason}; nobody can sign in until it is fixed")]
    public static partial void PasswordFileUnreadable(this ILogger logger, string path, string reason);

    [LoggerMessage(3110, LogLevel.Information, "{User} asked for {Action}: job {JobId} ({Outcome})")]
    public static partial void ActionTaken(this ILogger logger, string user, string action, long jobId, string outcome);

    [LoggerMessage(3111, LogLevel.Information, "{User} asked for {Action}, refused: {Reason}")]
    public static partial void ActionRefused(this ILogger logger, string user, string action, string reason);

    // 3200–3299: metrics; 3300–3399: the read API.
    [LoggerMessage(3200, LogLevel.Warning, "Metrics: the engine's state could not be read, so values from before this start are missing until it can: {Error}")]
    public static partial void MetricsStateUnavailable(this ILogger logger, string error);

    [LoggerMessage(3201, LogLevel.Warning, "Metrics: the ledger did not answer the scrape; jobs and alerts keep their last values: {Error}")]
    public static partial void MetricsLedgerUnavailable(this ILogger logger, string error);

    [LoggerMessage(3202, LogLevel.Warning, "Metrics: the backup root's free space could not be read; the gauge keeps its last value: {Error}")]
    public static partial void MetricsFreeBytesUnavailable(this ILogger logger, string error);

    [LoggerMessage(3300, LogLevel.Error, "API request {Path} failed: {Error}")]
    public static partial void ApiFailed(this ILogger logger, string path, string error);

    // 3400–3499: health.
    [LoggerMessage(3400, LogLevel.Warning, "Not ready: the ledger failed: {Error}")]
    public static partial void ReadinessLedgerFailed(this ILogger logger, string error);
}
