using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Hourglass.Encryption;

namespace Hourglass.Tests.Encryption;

/// <summary>
/// The age project's test vectors (testkit/README.md), each decrypted through both the sync and the async read path:
/// success vectors give the payload they name; failures fail where the reference implementation does, as a data
/// fault, or as "a different key" for no match; and before a payload failure, exactly the plaintext the vector
/// calls good is handed out, never more.
/// </summary>
public sealed class AgeTestkitTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Encryption", "testkit");

    public static TheoryData<string, bool> Vectors()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Names())
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Fact]
    public void Testkit_HasTheVectors() => Assert.Equal(69, Names().Count());

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task DecryptAsync_TestkitVector_DecryptsOrFailsAsTheVectorSays(string name, bool async)
    {
        var vector = Vector.Read(Path.Combine(Folder, name));
        var identities = vector.Identities.Count > 0 ? vector.Identities.Select(AgeIdentity.Parse).ToList() : [AgeIdentity.Generate()];
        var decrypt = () => AgeEncryption.DecryptAsync(new MemoryStream(vector.File), identities, name, TestContext.Current.CancellationToken);

        if (vector.Armored || vector.Passphrase)
        {
            // Hourglass reads neither armor nor passphrases: refused up front, with no plaintext.
            Log(await Assert.ThrowsAsync<HourglassException>(decrypt));
            return;
        }

        switch (vector.Expect)
        {
            case "success":
                await using (var stream = await decrypt())
                {
                    var (plaintext, failure) = await AgeReads.ReadAllAsync(stream, async);
                    Assert.Null(failure);
                    Assert.Equal(vector.PayloadHash, Sha256(plaintext));
                }

                break;
            case "no match":
                var noMatch = await Assert.ThrowsAsync<HourglassException>(decrypt);
                Log(noMatch);
                Assert.Equal((ExitCode.Usage, false), (noMatch.ExitCode, noMatch.IsDataFault));
                Assert.Contains("is encrypted to a different key", noMatch.Message, StringComparison.Ordinal);
                break;
            case "HMAC failure":
                var badMac = await Assert.ThrowsAsync<HourglassException>(decrypt);
                Log(badMac);
                Assert.True(badMac.IsDataFault);
                Assert.Contains("MAC does not match", badMac.Message, StringComparison.Ordinal);
                break;
            case "header failure":
                var badHeader = await Assert.ThrowsAsync<HourglassException>(decrypt);
                Log(badHeader);
                Assert.Equal((ExitCode.Failed, true), (badHeader.ExitCode, badHeader.IsDataFault));
                Assert.DoesNotContain("MAC does not match", badHeader.Message, StringComparison.Ordinal);
                break;
            case "payload failure":
                await using (var stream = await decrypt())
                {
                    var (plaintext, failure) = await AgeReads.ReadAllAsync(stream, async);
                    Assert.NotNull(failure);
                    Log(failure);
                    Assert.True(failure.IsDataFault);
                    Assert.Equal(vector.PayloadHash, Sha256(plaintext));
                    Assert.Throws<HourglassException>(() => stream.ReadByte());
                }

                break;
            default:
                Assert.Fail($"unknown expectation '{vector.Expect}'");
                break;
        }
    }

    public static TheoryData<string> SuccessVectors() =>
        [.. Names().Where(name => Vector.Read(Path.Combine(Folder, name)) is { Expect: "success", Armored: false, Passphrase: false })];

    // The encrypting side, checked against the reference bytes given the vector's file key and nonce (the testkit's
    // README suggests it): the header re-encodes to the same text and MAC, and the payload to the same chunks,
    // including where a full chunk is the last one.
    [Theory]
    [MemberData(nameof(SuccessVectors))]
    public async Task Encrypt_WithTheVectorsKeyAndNonce_WritesTheVectorsBytes(string name)
    {
        var vector = Vector.Read(Path.Combine(Folder, name));
        var fileKey = Convert.FromHexString(vector.FileKey!);
        var parsed = await AgeHeader.ReadAsync(new SourceBuffer(new MemoryStream(vector.File), AgePayload.SealedChunkSize), TestContext.Current.CancellationToken);
        await using var decrypting = await AgeEncryption.DecryptAsync(new MemoryStream(vector.File), [.. vector.Identities.Select(AgeIdentity.Parse)], name, TestContext.Current.CancellationToken);
        var plaintext = (await AgeReads.ReadAllAsync(decrypting, async: true)).Plaintext;

        var header = AgeHeader.Write(parsed.Stanzas, fileKey);
        var nonce = vector.File[header.Length..(header.Length + AgePayload.NonceSize)];
        var destination = new MemoryStream();
        await using (var stream = new AgeEncryptingStream(destination, [.. header, .. nonce], AgePayload.Cipher(fileKey, nonce), leaveOpen: true))
        {
            await stream.WriteAsync(plaintext, TestContext.Current.CancellationToken);
        }

        Assert.Equal(vector.File[..header.Length], header);
        Assert.Equal(vector.File, destination.ToArray());
    }

    private static void Log(HourglassException failure) => TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

    private static IEnumerable<string> Names() =>
        Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>().Where(IsVector).Order(StringComparer.Ordinal);

    private static bool IsVector(string? name) => name is not ("LICENSE" or "README.md" or ".gitattributes" or null);

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A vector file: "key: value" lines, a blank line, then the age file (zlib-compressed when it says so).</summary>
    private sealed record Vector(string Expect, string? PayloadHash, string? FileKey, IReadOnlyList<string> Identities, bool Armored, bool Passphrase, byte[] File)
    {
        public static Vector Read(string path)
        {
            var bytes = System.IO.File.ReadAllBytes(path);
            var fields = new List<(string Key, string Value)>();
            var offset = 0;
            while (true)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', offset);
                var line = Encoding.ASCII.GetString(bytes, offset, end - offset);
                offset = end + 1;
                if (line.Length == 0)
                {
                    break;
                }

                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                fields.Add(colon < 0 ? (line, "") : (line[..colon], line[(colon + 2)..]));
            }

            var file = bytes[offset..];
            if (fields.Any(f => f is ("compressed", "zlib")))
            {
                using var inflated = new MemoryStream();
                using (var zlib = new ZLibStream(new MemoryStream(file), CompressionMode.Decompress))
                {
                    zlib.CopyTo(inflated);
                }

                file = inflated.ToArray();
            }

            string? Field(string key) => fields.Where(f => f.Key == key).Select(f => f.Value).FirstOrDefault();
            return new Vector(
                Field("expect") ?? throw new InvalidDataException($"{path} has no expect line"),
                Field("payload"),
                Field("file key"),
                [.. fields.Where(f => f.Key == "identity").Select(f => f.Value)],
                fields.Any(f => f.Key == "armored"),
                fields.Any(f => f.Key == "passphrase"),
                file);
        }
    }
}
