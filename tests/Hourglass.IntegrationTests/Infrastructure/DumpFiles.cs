using System.Security.Cryptography;
using Hourglass.Backups;
using Hourglass.Storage;
using ZstdSharp;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Reads and rewrites a zstd dump of a local set, for tests that hand a restore a dump of their own making.</summary>
internal static class DumpFiles
{
    /// <summary>The SQL of <paramref name="database"/>'s dump in <paramref name="set"/>.</summary>
    public static async Task<string> ReadAsync(BackupOutcome set, string database, CancellationToken ct) =>
        System.Text.Encoding.UTF8.GetString(new Decompressor().Unwrap(await File.ReadAllBytesAsync(Path.Combine(set.Location, set.Manifest.Find(database)!.File), ct)));

    /// <summary>Replaces the dump with <paramref name="sql"/>, compressed, and its checksum in the manifest, so the dump is "sound" but says what the test wants.</summary>
    public static async Task ReplaceAsync(BackupOutcome set, string database, string sql, CancellationToken ct)
    {
        var entry = set.Manifest.Find(database)!;
        var compressed = new Compressor(3).Wrap(System.Text.Encoding.UTF8.GetBytes(sql)).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(set.Location, entry.File), compressed, ct);
        await LocalSetStore.WriteManifestAsync(set.Location, set.Manifest with { Databases = [entry with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(compressed)) }] }, ct);
    }
}
