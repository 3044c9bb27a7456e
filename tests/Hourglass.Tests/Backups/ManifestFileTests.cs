using Hourglass.Backups;

namespace Hourglass.Tests.Backups;

public sealed class ManifestFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-manifest-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Manifest Sample() => new()
    {
        Id = "hourly/backup_20251025_053945",
        Tier = "hourly",
        StartedAt = new DateTimeOffset(2025, 10, 25, 5, 39, 45, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2025, 10, 25, 5, 40, 12, 345, TimeSpan.Zero),
        Status = SetStatus.Partial,
        Server = new ServerInfo("localhost", 5432, "15.18"),
        PgDump = "15.18",
        Node = "host-a",
        Databases =
        [
            new DatabaseDump { Name = "singularity", File = "singularity.sql.zst", Compression = "zstd", Bytes = 10, RawBytes = 30, Sha256 = "ab", DurationMs = 5, Status = DumpStatus.Ok, Tables = new Dictionary<string, long> { ["public.events"] = 1500000 } },
            new DatabaseDump { Name = "ünï \"q\"", File = "x.sql.zst", Compression = "zstd", Status = DumpStatus.Failed, Error = "database \"x\" does not exist" },
        ],
    };

    [Fact]
    public async Task WriteAsync_ThenTryRead_RoundTrips()
    {
        await ManifestFile.WriteAsync(_folder, Sample(), TestContext.Current.CancellationToken);

        var read = ManifestFile.TryRead(_folder, out var problem);

        Assert.Null(problem);
        Assert.Equivalent(Sample() with { FinishedAt = new DateTimeOffset(2025, 10, 25, 5, 40, 12, TimeSpan.Zero) }, read, strict: true);
        Assert.False(File.Exists(Path.Combine(_folder, "manifest.json.tmp")));
    }

    [Fact]
    public async Task WriteAsync_DocumentedShape_CamelCaseUtcZAndLowercaseStatuses()
    {
        await ManifestFile.WriteAsync(_folder, Sample(), TestContext.Current.CancellationToken);

        var text = await File.ReadAllTextAsync(Path.Combine(_folder, "manifest.json"), TestContext.Current.CancellationToken);

        Assert.Contains("\"version\": 1", text, StringComparison.Ordinal);
        Assert.Contains("\"startedAt\": \"2025-10-25T05:39:45Z\"", text, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"partial\"", text, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"ok\"", text, StringComparison.Ordinal);
        Assert.Contains("\"rawBytes\": 30", text, StringComparison.Ordinal);
        Assert.Contains("\"public.events\": 1500000", text, StringComparison.Ordinal);
        Assert.Contains("ünï \\\"q\\\"", text, StringComparison.Ordinal);
        Assert.Contains("\"verification\": null", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no manifest.json")]
    [InlineData("{ not json", "unreadable manifest.json")]
    [InlineData("""{ "version": 2, "id": "x", "tier": "t", "startedAt": "2025-01-01T00:00:00Z", "finishedAt": "2025-01-01T00:00:00Z", "status": "complete", "server": { "host": "h", "port": 1 }, "node": "n", "databases": [] }""", "manifest version 2 is newer")]
    public void TryRead_MissingBrokenOrNewer_NullWithTheProblem(string? content, string expected)
    {
        if (content is not null)
        {
            File.WriteAllText(Path.Combine(_folder, "manifest.json"), content);
        }

        Assert.Null(ManifestFile.TryRead(_folder, out var problem));
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }
}
