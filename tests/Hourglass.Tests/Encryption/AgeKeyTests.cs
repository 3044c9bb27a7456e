using Hourglass.Encryption;

namespace Hourglass.Tests.Encryption;

/// <summary>age keys as text: <c>age1…</c> recipients, <c>AGE-SECRET-KEY-1…</c> identities and age-keygen's files.</summary>
public sealed class AgeKeyTests : IDisposable
{
    // The testkit's identity, and the public key `age-keygen -y` prints for it.
    private const string Secret = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
    private const string Public = "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef";
    private const string HybridSecret = "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG";

    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-age-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Recipient_OfTestkitIdentity_IsThePublicKeyAgeKeygenPrints()
    {
        using var identity = AgeIdentity.Parse(Secret);

        Assert.Equal(Public, identity.Recipient.ToString());
    }

    [Fact]
    public void Parse_Recipient_RoundTripsAndEqualsTheIdentitysRecipient()
    {
        using var identity = AgeIdentity.Parse(Secret);
        using var other = AgeIdentity.Generate();

        var recipient = AgeRecipient.Parse(Public);

        Assert.Equal(Public, recipient.ToString());
        Assert.Equal(identity.Recipient, recipient);
        Assert.True(identity.Recipient == recipient);
        Assert.Equal(identity.Recipient.GetHashCode(), recipient.GetHashCode());
        Assert.NotEqual(other.Recipient, recipient);
    }

    [Theory]
    [InlineData("", "not in the form")]
    [InlineData("age1", "not in the form")]
    [InlineData("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeg", "checksum")]
    [InlineData("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryeF", "mixes upper and lower case")]
    [InlineData("AGE1XMWWC06LY3EE5RYTXM9MFLAZ2U56JJJ36S0MYPDRWSVLUL66MV4Q47RYEF", "does not start with age1")]
    [InlineData("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryefq", "checksum")]
    [InlineData("age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryb!", "Bech32 alphabet")]
    [InlineData("age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "longer than 90")]
    public void Parse_NotARecipient_FailsAsUsageSayingWhy(string text, string problem)
    {
        var e = Assert.Throws<HourglassException>(() => AgeRecipient.Parse(text));

        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Contains("age1… public key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SecretKeyAsRecipient_SaysSoWithoutEchoingIt()
    {
        var e = Assert.Throws<HourglassException>(() => AgeRecipient.Parse(Secret));

        Assert.Contains("secret key, not a recipient", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[16..], e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Secret + "x")]
    [InlineData("AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM1")]
    [InlineData("age-secret-key-1egtzvffv20835nwyv6270lxyvk2vknx2mmdkwyklmgr48uawx40q2p2lm0")]
    [InlineData(Public)]
    [InlineData(HybridSecret)]
    public void Parse_NotAnIdentity_FailsAsUsageWithoutEchoingIt(string text)
    {
        var e = Assert.Throws<HourglassException>(() => AgeIdentity.Parse(text));

        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains("not a valid age identity", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text[20..], e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_PostQuantumKey_SaysItIsAnotherKind()
    {
        var e = Assert.Throws<HourglassException>(() => AgeIdentity.Parse(HybridSecret));

        Assert.Contains("it is an AGE-SECRET-KEY-PQ-1… key, not an AGE-SECRET-KEY-1… key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_OfIdentity_NamesOnlyThePublicKey()
    {
        using var identity = AgeIdentity.Parse(Secret);

        Assert.Equal($"age identity of {Public}", identity.ToString());
    }

    [Fact]
    public void LoadFile_AgeKeygenFile_ReadsEveryKeyAmongCommentsAndBlankLines()
    {
        var path = Write("keys.txt", $"# created: 2025-01-01T00:00:00Z\r\n# public key: {Public}\r\n{Secret}\r\n\n   \n# another\n  {Secret}  \n");

        var identities = AgeIdentity.LoadFile(path);

        Assert.Equal([Public, Public], identities.Select(identity => identity.Recipient.ToString()));
        Assert.All(identities, identity => Assert.Equal(path, identity.File));
    }

    [Fact]
    public void LoadFile_Missing_FailsAsUsageSayingHowToCreateIt()
    {
        var path = Path.Combine(_folder, "absent.txt");

        var e = Assert.Throws<HourglassException>(() => AgeIdentity.LoadFile(path));

        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Equal($"age identity file {path} does not exist: create one with age-keygen -o {path}, or give the file that holds the key", e.Message);
    }

    [Fact]
    public void LoadFile_Folder_FailsAsUsageUnreadable()
    {
        var e = Assert.Throws<HourglassException>(() => AgeIdentity.LoadFile(_folder));

        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.StartsWith($"cannot read age identity file {_folder}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_OnlyComments_FailsAsUsageSayingThereIsNoKey()
    {
        var path = Write("empty.txt", "# public key: " + Public + "\n\n");

        var e = Assert.Throws<HourglassException>(() => AgeIdentity.LoadFile(path));

        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains("holds no secret key: create one with age-keygen -o FILE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_DamagedKeyLine_NamesTheLineButNotItsText()
    {
        var damaged = Secret[..^1] + "Q";
        var path = Write("bad.txt", $"# a key\n{Secret}\n{damaged}\n");

        var e = Assert.Throws<HourglassException>(() => AgeIdentity.LoadFile(path));

        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains("line 3 is not an age X25519 secret key (its checksum does not match", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret[16..^1], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_LongBinaryLine_IsNotAKey()
    {
        var path = Path.Combine(_folder, "dump.sql.zst");
        File.WriteAllBytes(path, [0x28, 0xB5, 0x2F, 0xFD, .. Enumerable.Repeat((byte)0xE9, 500)]);

        var e = Assert.Throws<HourglassException>(() => AgeIdentity.LoadFile(path));

        Assert.Contains("line 1 is not an age X25519 secret key (it is longer than 90 characters)", e.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
