using System.Security.Claims;
using System.Text.Encodings.Web;
using Hourglass.Ledger;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hourglass.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer hg_…</c> for scrapers and scripts: the token's hash is looked up in the ledger
/// (<see cref="ITokenLedger"/>), so revoking it there (<c>hourglass tokens revoke</c>) shuts it out on every node at
/// once. A browser cannot attach this header to a request another site makes, so a request carrying a valid token
/// needs no antiforgery token.
/// </summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ITokenLedger tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name, and the identity's authentication type.</summary>
    public const string SchemeName = "Bearer";

    /// <summary>True when <paramref name="authorization"/> (the header) carries a bearer token.</summary>
    public static bool Carries(string? authorization) =>
        authorization is not null && authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (!Carries(header))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header![(SchemeName.Length + 1)..].Trim();
        if (!token.StartsWith(ApiTokenSecret.Prefix, StringComparison.Ordinal)
            || await tokens.UseTokenAsync(ApiTokenSecret.Hash(token), Context.RequestAborted) is not { } known)
        {
            Logger.TokenRefused(Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("unknown or revoked token");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, $"token:{known.Name}")], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
