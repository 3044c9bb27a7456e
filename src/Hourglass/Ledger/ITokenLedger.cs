namespace Hourglass.Ledger;

/// <summary>
/// The web host's bearer tokens, for scrapers and scripts (README "Web security"). The ledger keeps only each token's
/// hash (<see cref="ApiTokenSecret.Hash"/>), never the token, so reading the ledger gives no way in. A name is active
/// until revoked; revoked rows are kept (with their hash) so a revoked token keeps failing and its history stays readable.
/// </summary>
public interface ITokenLedger
{
    /// <summary>Records a new token's hash under <paramref name="name"/>. False (and nothing written) when an active token already has that name.</summary>
    Task<bool> AddTokenAsync(string name, string hash, CancellationToken cancellationToken);

    /// <summary>The active tokens, by name: when each was created and last used. Never a hash or a token.</summary>
    Task<IReadOnlyList<ApiToken>> TokensAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the active token called <paramref name="name"/>. False when there is none.</summary>
    Task<bool> RevokeTokenAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// The active token whose hash is <paramref name="hash"/>, or null (unknown or revoked). Records the use, at most
    /// once a minute per token, so a scraper every 15 s does not write to the ledger on every scrape.
    /// </summary>
    Task<ApiToken?> UseTokenAsync(string hash, CancellationToken cancellationToken);
}

/// <summary>An active bearer token as people may see it: its name and dates, never the token or its hash.</summary>
/// <param name="Name">What it is for, as given to <c>hourglass tokens create</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="LastUsedAt">When it last opened a request (to the minute); null when never.</param>
public sealed record ApiToken(string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);
