using Hourglass.Backups;
using Hourglass.Configuration;

namespace Hourglass.Tests.Backups;

public sealed class DumpFileNameTests
{
    [Theory]
    [InlineData("singularity", CompressionKind.Zstd, "singularity.sql.zst")]
    [InlineData("genesis_db", CompressionKind.Gzip, "genesis_db.sql.gz")]
    [InlineData("centralcloud", CompressionKind.None, "centralcloud.sql")]
    [InlineData("Mixed Case", CompressionKind.Zstd, "Mixed Case.sql.zst")]
    [InlineData("ünïcödé", CompressionKind.Zstd, "ünïcödé.sql.zst")]
    [InlineData("a/b", CompressionKind.Zstd, "a%2Fb.sql.zst")]
    [InlineData("a\\b", CompressionKind.Zstd, "a%5Cb.sql.zst")]
    [InlineData("100%", CompressionKind.Zstd, "100%25.sql.zst")]
    [InlineData(".hidden", CompressionKind.Zstd, "%2Ehidden.sql.zst")]
    [InlineData("globals", CompressionKind.Zstd, "%67lobals.sql.zst")]
    [InlineData("tab\there", CompressionKind.Zstd, "tab%09here.sql.zst")]
    public void For_KeepsNamesReadableAndNeverCollides(string database, CompressionKind kind, string expected) =>
        Assert.Equal(expected, DumpFileName.For(database, CompressionCodec.For(kind, null)));

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("line\nbreak")]
    [InlineData("nul\0")]
    [InlineData("\u007f")]
    public void For_AnyDatabaseName_IsAPlainFileNameInsideTheSet(string database) =>
        Assert.True(Hourglass.Storage.SetFileName.IsPlain(DumpFileName.For(database, CompressionCodec.For(CompressionKind.Zstd, null))));

    [Fact]
    public void ForGlobals_FollowsTheCompression() =>
        Assert.Equal("globals.sql.zst", DumpFileName.ForGlobals(CompressionCodec.For(CompressionKind.Zstd, null)));
}
