using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Ledger;

/// <summary>The bearer tokens' part of the ledger contract (<see cref="ITokenLedger"/>), run against both stores.</summary>
public abstract partial class JobLedgerContract
{
    private async Task<ITokenLedger> CreateTokenLedgerAsync() => (ITokenLedger)await CreateLedgerAsync(Ct);

    [Fact]
    public async Task Tokens_AddedThenUsed_FoundByHashWithTheUseRecorded()
    {
        var tokens = await CreateTokenLedgerAsync();
        var (token, hash) = ApiTokenSecret.New();

        Assert.True(await tokens.AddTokenAsync("ci", hash, Ct));
        var used = await tokens.UseTokenAsync(ApiTokenSecret.Hash(token), Ct);

        Assert.Equal("ci", used?.Name);
        Assert.NotNull(used?.LastUsedAt);
        Assert.Equal(used.LastUsedAt, Assert.Single(await tokens.TokensAsync(Ct)).LastUsedAt);
    }

    [Fact]
    public async Task Tokens_UnknownHash_NotFound()
    {
        var tokens = await CreateTokenLedgerAsync();
        await tokens.AddTokenAsync("ci", ApiTokenSecret.New().Hash, Ct);

        Assert.Null(await tokens.UseTokenAsync(ApiTokenSecret.New().Hash, Ct));
    }

    [Fact]
    public async Task Tokens_SameNameWhileActive_SecondRefusedAndFirstKept()
    {
        var tokens = await CreateTokenLedgerAsync();
        var first = ApiTokenSecret.New().Hash;

        Assert.True(await tokens.AddTokenAsync("ci", first, Ct));
        Assert.False(await tokens.AddTokenAsync("ci", ApiTokenSecret.New().Hash, Ct));
        Assert.Equal("ci", (await tokens.UseTokenAsync(first, Ct))?.Name);
    }

    [Fact]
    public async Task Tokens_Revoked_NoLongerUsableOrListed_AndTheNameIsFreeAgain()
    {
        var tokens = await CreateTokenLedgerAsync();
        var old = ApiTokenSecret.New().Hash;
        await tokens.AddTokenAsync("ci", old, Ct);

        Assert.True(await tokens.RevokeTokenAsync("ci", Ct));
        Assert.False(await tokens.RevokeTokenAsync("ci", Ct));
        Assert.Null(await tokens.UseTokenAsync(old, Ct));
        Assert.Empty(await tokens.TokensAsync(Ct));
        Assert.True(await tokens.AddTokenAsync("ci", ApiTokenSecret.New().Hash, Ct));
    }

    [Fact]
    public async Task Tokens_List_ActiveOnesByNameWithoutUse()
    {
        var tokens = await CreateTokenLedgerAsync();
        await tokens.AddTokenAsync("prometheus", ApiTokenSecret.New().Hash, Ct);
        await tokens.AddTokenAsync("ci", ApiTokenSecret.New().Hash, Ct);

        var listed = await tokens.TokensAsync(Ct);

        Assert.Equal(["ci", "prometheus"], listed.Select(t => t.Name));
        Assert.All(listed, t => Assert.Null(t.LastUsedAt));
    }

    [Fact]
    public async Task Tokens_UsedTwiceWithinAMinute_LastUseWrittenOnce()
    {
        var tokens = await CreateTokenLedgerAsync();
        var (token, hash) = ApiTokenSecret.New();
        await tokens.AddTokenAsync("ci", hash, Ct);

        var first = await tokens.UseTokenAsync(ApiTokenSecret.Hash(token), Ct);
        await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, Ct);
        var second = await tokens.UseTokenAsync(ApiTokenSecret.Hash(token), Ct);

        Assert.Equal(first?.LastUsedAt, second?.LastUsedAt);
    }
}
