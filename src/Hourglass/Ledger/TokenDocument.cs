using Hourglass.Storage;

namespace Hourglass.Ledger;

/// <summary>A bearer token as <c>tokens list --json</c> prints it: its name and dates, never the token or its hash. Add fields; never rename or remove them.</summary>
/// <param name="Name">What it is for.</param>
/// <param name="CreatedAt">When it was created (UTC, ISO 8601).</param>
/// <param name="LastUsedAt">When it last opened a request, to the minute; null when never.</param>
public sealed record TokenDocument(string Name, string CreatedAt, string? LastUsedAt)
{
    /// <summary>The document of <paramref name="token"/>.</summary>
    public static TokenDocument From(ApiToken token) =>
        new(token.Name, ManifestFile.FormatTime(token.CreatedAt), token.LastUsedAt is { } used ? ManifestFile.FormatTime(used) : null);
}
