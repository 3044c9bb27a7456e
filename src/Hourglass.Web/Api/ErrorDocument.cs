namespace Hourglass.Web.Api;

/// <summary>Every API error: <c>{"error": "…"}</c>, one line that says what went wrong and what to do, with the HTTP status that fits.</summary>
/// <param name="Error">The message.</param>
internal sealed record ErrorDocument(string Error);
