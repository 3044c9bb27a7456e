using Hourglass.Ledger;

namespace Hourglass.Tests.Ledger;

public sealed class ApiTokenSecretTests
{
    [Fact]
    public void New_TokenIsPrefixedAndUrlSafe_HashIsItsSha256()
    {
        var (token, hash) = ApiTokenSecret.New();

        Assert.Matches("^hg_[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(ApiTokenSecret.Hash(token), hash);
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void New_TwoTokens_Differ() => Assert.NotEqual(ApiTokenSecret.New().Token, ApiTokenSecret.New().Token);

    [Fact]
    public void Hash_KnownValue_IsLowerHexSha256() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiTokenSecret.Hash("abc"));

    [Theory]
    [InlineData("ci", true)]
    [InlineData("ci-deploy.prod_2", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/name", false)]
    [InlineData("ünïcode", false)]
    public void IsValidName_LettersDigitsDotDashUnderscore(string name, bool valid) =>
        Assert.Equal(valid, ApiTokenSecret.IsValidName(name));
}
