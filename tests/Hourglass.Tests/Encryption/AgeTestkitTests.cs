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
        foreach (var name in Directory.EnumerateFiles(Folder).Select(Path.GetFileName).OfType<string>().Where(IsVector).Order(StringComparer.Ordinal))
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Fact]
    public void Testkit_HasTheVectors() => Assert.Equal(69, Directory.EnumerateFiles(Folder).Count(file => IsVector(Path.GetFileName(file))));

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

    private static void Log(HourglassException failure) => TestContext.Current.TestOutputHelper?.WriteLine(failure.Message);

    private static bool IsVector(string? name) => name is not ("LICENSE" or "README.md" or ".gitattributes" or null);

    private static string Sha256(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A vector file: "key: value" lines, a blank line, then the age file (zlib-compressed when it says so).</summary>
    private sealed record Vector(string Expect, string? PayloadHash, IReadOnlyList<string> Identities, bool Armored, bool Passphrase, byte[] File)
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
                [.. fields.Where(f => f.Key == "identity").Select(f => f.Value)],
                fields.Any(f => f.Key == "armored"),
                fields.Any(f => f.Key == "passphrase"),
                file);
        }
    }
}
