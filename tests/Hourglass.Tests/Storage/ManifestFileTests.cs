using Hourglass.Storage;

namespace Hourglass.Tests.Storage;

public sealed class ManifestFileTests
{
    private static readonly SetId Id = new("hourly", "backup_20251025_053945");

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

    private static async Task<MemoryStream> WrittenAsync(Manifest manifest)
    {
        var stream = new MemoryStream();
        await ManifestFile.WriteAsync(stream, manifest, TestContext.Current.CancellationToken);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task WriteAsync_ThenTryRead_RoundTrips()
    {
        using var stream = await WrittenAsync(Sample());

        var read = ManifestFile.TryRead(stream, Id, out var problem);

        Assert.Null(problem);
        Assert.Equivalent(Sample() with { FinishedAt = new DateTimeOffset(2025, 10, 25, 5, 40, 12, TimeSpan.Zero) }, read, strict: true);
    }

    [Fact]
    public async Task WriteAsync_DocumentedShape_CamelCaseUtcZAndLowercaseStatuses()
    {
        using var stream = await WrittenAsync(Sample());

        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());

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
    [InlineData("{ not json", "unreadable manifest.json")]
    [InlineData("""{ "version": 1, "id": "hourly/backup_20251025_053945", "tier": "hourly", "startedAt": "x", "finishedAt": "2025-01-01T00:00:00Z", "status": "complete", "server": { "host": "h", "port": 1 }, "node": "n", "databases": [] }""", "unreadable manifest.json")]
    [InlineData("""{ "version": 1, "id": "hourly/backup_20251025_053945", "tier": "hourly", "startedAt": null, "finishedAt": "2025-01-01T00:00:00Z", "status": "complete", "server": { "host": "h", "port": 1 }, "node": "n", "databases": [] }""", "unreadable manifest.json")]
    [InlineData("""{ "version": 2, "id": "hourly/backup_20251025_053945", "tier": "hourly", "startedAt": "2025-01-01T00:00:00Z", "finishedAt": "2025-01-01T00:00:00Z", "status": "complete", "server": { "host": "h", "port": 1 }, "node": "n", "databases": [] }""", "manifest version 2 is newer")]
    public void TryRead_BrokenOrNewer_NullWithTheProblem(string content, string expected)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));

        Assert.Null(ManifestFile.TryRead(stream, Id, out var problem));
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryRead_ManifestOfAnotherSet_NullNamingIt()
    {
        using var stream = await WrittenAsync(Sample());

        Assert.Null(ManifestFile.TryRead(stream, new SetId("daily", "backup_20251025_053945"), out var problem));
        Assert.StartsWith("its manifest names a different set", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("sub/dump.sql.zst")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task TryRead_FileNameThatIsNotPlain_DamagedManifest(string file)
    {
        var manifest = Sample() with { Databases = [Sample().Databases[0] with { File = file }] };
        using var stream = await WrittenAsync(manifest);

        Assert.Null(ManifestFile.TryRead(stream, Id, out var problem));
        Assert.Contains("damaged manifest", problem, StringComparison.Ordinal);
    }

    [Theory]
    // Each case edits the sample's JSON: what it replaces, with what, and the problem the read names.
    [InlineData("\"singularity.sql.zst\"", "\"../../../../etc/passwd\"", "database \"singularity\" has file \"../../../../etc/passwd\", which is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\"/etc/passwd\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\"sub\\\\x.sql\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\"..\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\".hidden\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\"\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\"a\\u0000b\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "\"manifest.json\"", "is not a plain file name")]
    [InlineData("\"singularity.sql.zst\"", "null", "is not a plain file name")]
    [InlineData("\"public.events\"", "\"public.events; DROP TABLE x; --\"", "lists table \"public.events; DROP TABLE x; --\", which is not a schema-qualified table name")]
    [InlineData("\"public.events\"", "\"x\\\"; DROP TABLE y; --\"", "which is not a schema-qualified table name")]
    [InlineData("\"public.events\"", "\"events\"", "which is not a schema-qualified table name")]
    [InlineData("\"public.events\": 1500000", "\"public.events\": -1", "has -1 rows in table \"public.events\"")]
    [InlineData("\"bytes\": 10", "\"bytes\": -10", "database \"singularity\" has a negative size or duration")]
    [InlineData("\"rawBytes\": 30", "\"rawBytes\": -30", "has a negative size or duration")]
    [InlineData("\"durationMs\": 5", "\"durationMs\": -5", "has a negative size or duration")]
    [InlineData("\"compression\": \"zstd\"", "\"compression\": \"lz4\"", "has compression \"lz4\", not one of zstd, gzip, none")]
    [InlineData("\"name\": \"singularity\"", "\"name\": \"\"", "database \"\" is not a database name")]
    [InlineData("\"name\": \"singularity\"", "\"name\": \"ünï \\\"q\\\"\"", "database \"ünï \\\"q\\\"\" is listed twice")]
    [InlineData("\"id\": \"hourly/backup_20251025_053945\"", "\"id\": \"daily/backup_20251025_053945\"", "id \"daily/backup_20251025_053945\" is not hourly/backup_YYYYMMDD_HHMMSS")]
    [InlineData("\"id\": \"hourly/backup_20251025_053945\"", "\"id\": \"hourly/../../etc\"", "is not hourly/backup_YYYYMMDD_HHMMSS")]
    [InlineData("\"tier\": \"hourly\"", "\"tier\": \"../x\"", "tier \"../x\" is not a tier name")]
    [InlineData("\"version\": 1", "\"version\": 0", "version 0 is not a manifest version")]
    [InlineData("\"tables\": {}", "\"tables\": null", "database \"ünï \\\"q\\\"\" lacks its tables")]
    [InlineData("\"verification\": null", "\"verification\": { \"at\": \"2025-10-25T06:00:00Z\", \"node\": \"n\", \"restore\": true, \"status\": \"passed\", \"problems\": [], \"files\": [null] }", "its verification lacks its problems or files")]
    [InlineData("\"verification\": null", "\"verification\": { \"at\": \"2025-10-25T06:00:00Z\", \"node\": \"n\", \"restore\": true, \"status\": \"passed\", \"problems\": [], \"files\": [{ \"file\": \"a\", \"problems\": null }] }", "its verification lacks its problems or files")]
    public async Task TryRead_UnsafeManifest_NullAndNamedDamaged(string find, string replace, string expected)
    {
        using var written = await WrittenAsync(Sample());
        var json = System.Text.Encoding.UTF8.GetString(written.ToArray());
        Assert.Contains(find, json, StringComparison.Ordinal);
        using var edited = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json.Replace(find, replace, StringComparison.Ordinal)));

        var read = ManifestFile.TryRead(edited, Id, out var problem);

        Assert.Null(read);
        Assert.StartsWith("damaged manifest.json: ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem!);
    }
}
