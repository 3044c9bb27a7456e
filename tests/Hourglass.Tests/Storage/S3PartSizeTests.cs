using Hourglass.Storage;

namespace Hourglass.Tests.Storage;

public sealed class S3PartSizeTests
{
    private const long MiB = 1L << 20;

    [Theory]
    // The first thousand parts: 16 MiB, so anything up to 16 GiB fits a server that stops at 1,000 parts.
    [InlineData(1, 16 * MiB)]
    [InlineData(1000, 16 * MiB)]
    // Then doubling every thousand parts.
    [InlineData(1001, 32 * MiB)]
    [InlineData(2001, 64 * MiB)]
    [InlineData(6000, 512 * MiB)]
    // Capped at 1 GiB from part 7,001 to the last.
    [InlineData(6001, 1024 * MiB)]
    [InlineData(7001, 1024 * MiB)]
    [InlineData(10_000, 1024 * MiB)]
    public void For_PartNumber_DoublesEveryThousandPartsUpToTheCap(int partNumber, long expected) =>
        Assert.Equal(expected, S3PartSize.For(partNumber));

    [Fact]
    public void For_EveryPart_WithinWhatS3Takes()
    {
        for (var part = 1; part <= S3PartSize.MaxParts; part++)
        {
            Assert.InRange(S3PartSize.For(part), S3PartSize.MinBytes, 5L << 30);
            Assert.InRange(S3PartSize.For(part, S3PartSize.MinBytes), S3PartSize.MinBytes, 5L << 30);
        }
    }

    [Fact]
    public void MaxObjectBytes_TenThousandParts_HoldTheDocumentedMaximum()
    {
        var sum = Enumerable.Range(1, S3PartSize.MaxParts).Sum(part => S3PartSize.For(part));

        Assert.Equal(sum, S3PartSize.MaxObjectBytes());
        Assert.Equal(5_104_000 * MiB, S3PartSize.MaxObjectBytes());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void For_PartNumberS3DoesNotTake_Throws(int partNumber) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => S3PartSize.For(partNumber));
}
