using System.Security.Cryptography;
using Hourglass.Storage;

namespace Hourglass.Tests.Storage;

public sealed class HashingStreamTests
{
    private static readonly byte[] Data = [.. Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7))];

    [Fact]
    public async Task Read_ToTheEnd_HashAndSizeAreThoseOfTheBytesRead()
    {
        await using var hashing = new HashingStream(new MemoryStream(Data));

        await hashing.CopyToAsync(Stream.Null, TestContext.Current.CancellationToken);

        Assert.Equal(Data.Length, hashing.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Data)), hashing.Sha256);
    }

    [Fact]
    public async Task Write_HashAndSizeAreThoseOfTheBytesWritten()
    {
        var written = new MemoryStream();
        await using var hashing = new HashingStream(written, leaveOpen: true);

        await hashing.WriteAsync(Data, TestContext.Current.CancellationToken);

        Assert.Equal(Data, written.ToArray());
        Assert.Equal(Data.Length, hashing.Bytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Data)), hashing.Sha256);
    }
}
