namespace Hourglass.Ledger;

/// <summary>Bearer tokens (schema 2): only hashes are stored; one active row per name.</summary>
internal sealed partial class SqlJobLedger : ITokenLedger
{
    /// <summary>How often a token's last use is written at most: often enough to tell a live scraper from a dead one.</summary>
    private static readonly TimeSpan UseGranularity = TimeSpan.FromMinutes(1);

    public async Task<bool> AddTokenAsync(string name, string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            $"INSERT INTO api_tokens (name, hash, created_at) VALUES (@name, @hash, {dialect.Now}) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("name", name),
            ("hash", hash)) > 0;
    }

    public async Task<IReadOnlyList<ApiToken>> TokensAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT name, created_at, last_used_at FROM api_tokens WHERE revoked_at IS NULL ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tokens = new List<ApiToken>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tokens.Add(new ApiToken(reader.GetString(0), dialect.FromDb(reader.GetValue(1)), reader.IsDBNull(2) ? null : dialect.FromDb(reader.GetValue(2))));
        }

        return tokens;
    }

    public async Task<bool> RevokeTokenAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            $"UPDATE api_tokens SET revoked_at = {dialect.Now} WHERE name = @name AND revoked_at IS NULL",
            cancellationToken,
            ("name", name)) > 0;
    }

    public async Task<ApiToken?> UseTokenAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            $"""
            UPDATE api_tokens SET last_used_at = {dialect.Now}
            WHERE hash = @hash AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < {dialect.NowPlus("@granularity")})
            """,
            cancellationToken,
            ("hash", hash),
            ("granularity", -(long)UseGranularity.TotalMilliseconds));
        await using var command = Command(connection, null, "SELECT name, created_at, last_used_at FROM api_tokens WHERE hash = @hash AND revoked_at IS NULL", ("hash", hash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new ApiToken(reader.GetString(0), dialect.FromDb(reader.GetValue(1)), reader.IsDBNull(2) ? null : dialect.FromDb(reader.GetValue(2)))
            : null;
    }
}
