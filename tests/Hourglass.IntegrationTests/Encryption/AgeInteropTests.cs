using Hourglass.Encryption;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Encryption;

/// <summary>
/// Hourglass's age files against the real age tool (Debian's <c>age</c>): what one encrypts the other decrypts, and a
/// file cut at a chunk boundary is refused by both. Secret keys stay in files (<c>age-keygen -o</c>, <c>age -i</c>),
/// never in a command line.
/// </summary>
public sealed class AgeInteropTests : IDisposable
{
    private const int Chunk = 64 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-age-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Nothing, one byte, exactly one chunk, a few chunks and a bit, and a few megabytes.</summary>
    public static TheoryData<int> Sizes => [0, 1, Chunk, (3 * Chunk) + 5, 5_000_000];

    [Fact]
    public async Task Recipient_OfAgeKeygenFile_IsWhatAgeKeygenPrints()
    {
        var key = await KeygenAsync("key.txt");

        var printed = (await Tools.RunAsync("age-keygen", Token, "-y", key)).Trim();

        Assert.Equal(printed, Identity(key).Recipient.ToString());
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task AgeDecrypt_OfHourglassEncrypted_GivesThePlaintext(int size)
    {
        var key = await KeygenAsync("key.txt");
        using var other = AgeIdentity.Generate();
        var plaintext = Plaintext(size);
        var encrypted = Path.Combine(_folder, "dump.sql.zst.age");

        // age must find its stanza after one that is not its own.
        await using (var stream = AgeEncryption.Encrypt(File.Create(encrypted), [other.Recipient, Identity(key).Recipient]))
        {
            await stream.WriteAsync(plaintext, Token);
        }

        var decrypted = Path.Combine(_folder, "dump.sql.zst");
        await Tools.RunAsync("age", Token, "-d", "-i", key, "-o", decrypted, encrypted);
        // age creates its -o file on its first write, so an empty plaintext leaves none.
        Assert.Equal(plaintext, File.Exists(decrypted) ? await File.ReadAllBytesAsync(decrypted, Token) : []);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task DecryptAsync_OfAgeEncrypted_GivesThePlaintext(int size)
    {
        var key = await KeygenAsync("key.txt");
        var otherKey = await KeygenAsync("other.txt");
        var plaintext = Plaintext(size);
        var plain = Path.Combine(_folder, "dump.sql.zst");
        await File.WriteAllBytesAsync(plain, plaintext, Token);
        var encrypted = Path.Combine(_folder, "dump.sql.zst.age");

        await Tools.RunAsync("age", Token, "-r", Identity(otherKey).Recipient.ToString(), "-r", Identity(key).Recipient.ToString(), "-o", encrypted, plain);

        await using var stream = await AgeEncryption.DecryptAsync(File.OpenRead(encrypted), AgeIdentity.LoadFile(key), "dump.sql.zst.age", Token);
        var decrypted = new MemoryStream();
        await stream.CopyToAsync(decrypted, Token);
        Assert.Equal(plaintext, decrypted.ToArray());
    }

    [Theory]
    [InlineData("age")]
    [InlineData("hourglass")]
    public async Task Decrypt_FileCutAtChunkBoundary_IsRefusedByBoth(string encryptedBy)
    {
        var key = await KeygenAsync("key.txt");
        var plaintext = Plaintext((3 * Chunk) + 5);
        var plain = Path.Combine(_folder, "dump.sql.zst");
        await File.WriteAllBytesAsync(plain, plaintext, Token);
        var encrypted = Path.Combine(_folder, "dump.sql.zst.age");
        if (encryptedBy == "age")
        {
            await Tools.RunAsync("age", Token, "-r", Identity(key).Recipient.ToString(), "-o", encrypted, plain);
        }
        else
        {
            await using var stream = AgeEncryption.Encrypt(File.Create(encrypted), [Identity(key).Recipient]);
            await stream.WriteAsync(plaintext, Token);
        }

        // Two whole chunks of three and a bit: every byte left is authentic, only the end is missing.
        var file = await File.ReadAllBytesAsync(encrypted, Token);
        var payload = file.AsSpan().IndexOf("\n--- "u8) + 5 + 43 + 1 + 16;
        await File.WriteAllBytesAsync(encrypted, file[..(payload + (2 * (Chunk + 16)))], Token);

        var ageFailure = await Assert.ThrowsAsync<InvalidOperationException>(() => Tools.RunAsync("age", Token, "-d", "-i", key, "-o", Path.Combine(_folder, "out"), encrypted));
        Assert.Contains("unexpected EOF", ageFailure.Message, StringComparison.Ordinal);
        await using var decrypting = await AgeEncryption.DecryptAsync(File.OpenRead(encrypted), AgeIdentity.LoadFile(key), "dump.sql.zst.age", Token);
        var ours = await Assert.ThrowsAsync<HourglassException>(() => decrypting.CopyToAsync(Stream.Null, Token));
        Assert.True(ours.IsDataFault);
        Assert.Contains("it is truncated", ours.Message, StringComparison.Ordinal);
    }

    /// <summary>A new key in <paramref name="name"/>, written by age-keygen itself.</summary>
    private async Task<string> KeygenAsync(string name)
    {
        var path = Path.Combine(_folder, name);
        await Tools.RunAsync("age-keygen", Token, "-o", path);
        return path;
    }

    private static AgeIdentity Identity(string keyFile) => Assert.Single(AgeIdentity.LoadFile(keyFile));

    private static byte[] Plaintext(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }
}
