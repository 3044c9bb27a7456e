using Hourglass.Configuration;
using Hourglass.Storage;
using Hourglass.Web.Metrics;

namespace Hourglass.Tests.Web.Metrics;

/// <summary>Manifests, verifications and a metrics instance over two databases, the default tiers and one target.</summary>
internal static class MetricsSamples
{
    public static readonly DateTimeOffset Noon = new(2025, 10, 25, 12, 0, 0, TimeSpan.Zero);

    public static HourglassMetrics NewMetrics(params string[] databases)
    {
        var options = new HourglassOptions
        {
            Databases = databases.Length > 0 ? [.. databases] : ["app", "crm"],
            Targets = new Dictionary<string, TargetOptions>
            {
                ["offsite"] = new() { Bucket = "b", Tiers = new Dictionary<string, TargetTierOptions> { ["daily"] = new() } },
            },
        };
        var tiers = TierList.From(options);
        return new HourglassMetrics(options, tiers, TargetList.From(options, tiers, Noon));
    }

    public static Manifest Set(string tier, DateTimeOffset startedAt, params (string Name, bool Ok, long Bytes, long DurationMs)[] dumps) => new()
    {
        Id = SetId.For(tier, startedAt).ToString(),
        Tier = tier,
        StartedAt = startedAt,
        FinishedAt = startedAt.AddMinutes(1),
        Status = dumps.All(d => d.Ok) ? SetStatus.Complete : SetStatus.Partial,
        Server = new ServerInfo("localhost", 5432, "17.0"),
        Node = "node-a",
        Databases = [.. dumps.Select(d => new DatabaseDump
        {
            Name = d.Name,
            File = d.Name + ".sql.zst",
            Compression = "zstd",
            Bytes = d.Bytes,
            DurationMs = d.DurationMs,
            Status = d.Ok ? DumpStatus.Ok : DumpStatus.Failed,
        })],
    };

    public static SetVerification Verified(DateTimeOffset at, bool restore, params (string Database, bool Ok, long DurationMs)[] files) => new()
    {
        At = at,
        Node = "node-a",
        Restore = restore,
        Status = files.All(f => f.Ok) ? VerificationStatus.Passed : VerificationStatus.Failed,
        Problems = [.. files.Where(f => !f.Ok).Select(f => $"{f.Database}: rows differ")],
        Files = [.. files.Select(f => new FileVerification
        {
            File = f.Database + ".sql.zst",
            Database = f.Database,
            DurationMs = f.DurationMs,
            Problems = f.Ok ? [] : ["rows differ"],
        })],
    };

    /// <summary>The exposition's sample lines (no comments), as Prometheus would scrape them.</summary>
    public static async Task<IReadOnlyList<string>> SamplesAsync(HourglassMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return [.. System.Text.Encoding.UTF8.GetString(stream.ToArray()).Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#'))];
    }

    /// <summary>The value of the one sample named exactly <paramref name="series"/> (name and labels as exported), or null.</summary>
    public static double? Value(IReadOnlyList<string> samples, string series) =>
        samples.Where(s => s.StartsWith(series + " ", StringComparison.Ordinal))
            .Select(s => (double?)double.Parse(s[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture))
            .SingleOrDefault();

    /// <summary>Asserts each series has its value (null: absent), showing every difference at once.</summary>
    public static void Has(IReadOnlyList<string> samples, params (string Series, double? Value)[] expected) =>
        Assert.Equal(expected, expected.Select(e => (e.Series, Value(samples, e.Series))).ToArray());
}
