using System.Security.Cryptography;
using System.Text.Json;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The sets a store holds as the campaign sees them: read with the campaign's own code (raw JSON, SHA-256 of the
/// bytes), not Hourglass's, so a bug in Hourglass's reading cannot hide the same bug in its writing. A file's
/// checksum is computed again only when its size, time or ETag changed, so a round costs the same in a long campaign.
/// </summary>
internal static class StoredSets
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Checksums = new(StringComparer.Ordinal);

    /// <summary>A file a manifest promises: its name, size and checksum.</summary>
    public sealed record Promise(string File, long Bytes, string Sha256);

    /// <summary>
    /// Every local set folder with a manifest, and what is wrong with each (empty when whole). A folder that a backup
    /// is writing (<c>.partial</c>) or a delete is removing (<c>.deleting</c>) does not list as a set: the leftover
    /// invariant covers those.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LocalAsync(string root, CancellationToken cancellationToken)
    {
        var sets = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var manifest in Directory.Exists(root) ? Directory.EnumerateFiles(root, "manifest.json", SearchOption.AllDirectories) : [])
        {
            var folder = Path.GetDirectoryName(manifest)!;
            var id = Path.GetRelativePath(root, folder);
            if (id.EndsWith(".partial", StringComparison.Ordinal) || id.EndsWith(".deleting", StringComparison.Ordinal))
            {
                continue;
            }

            var problems = new List<string>();
            foreach (var promise in Promises(await File.ReadAllBytesAsync(manifest, cancellationToken)))
            {
                var path = Path.Combine(folder, promise.File);
                var file = new FileInfo(path);
                problems.AddRange(file.Exists
                    ? Mismatch(promise, file.Length, await ChecksumAsync($"{path}|{file.Length}|{file.LastWriteTimeUtc.Ticks}", () => File.ReadAllBytesAsync(path, cancellationToken)))
                    : [$"{promise.File} is missing"]);
            }

            sets[id] = problems;
        }

        return sets;
    }

    /// <summary>Every set on the target (a key ending in manifest.json), and what is wrong with each.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> TargetAsync(Lab lab, CancellationToken cancellationToken)
    {
        var objects = (await lab.Offsite.ObjectsAsync(cancellationToken)).ToDictionary(o => o.Key, StringComparer.Ordinal);
        var sets = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var manifestKey in objects.Keys.Where(k => k.EndsWith("/manifest.json", StringComparison.Ordinal)))
        {
            var folder = manifestKey[..^"manifest.json".Length];
            var problems = new List<string>();
            foreach (var promise in Promises(await lab.Offsite.ReadAsync(manifestKey, cancellationToken)))
            {
                var key = folder + promise.File;
                problems.AddRange(objects.TryGetValue(key, out var stored)
                    ? Mismatch(promise, stored.Size ?? 0, await ChecksumAsync($"s3|{key}|{stored.Size}|{stored.ETag}|{stored.LastModified?.Ticks}", () => lab.Offsite.ReadAsync(key, cancellationToken)))
                    : [$"{promise.File} is missing"]);
            }

            sets[folder[(Infrastructure.Offsite.Prefix.Length + 1)..].TrimEnd('/')] = problems;
        }

        return sets;
    }

    /// <summary>The files a manifest promises: each database's dump that has a file, and the globals.</summary>
    public static IReadOnlyList<Promise> Promises(byte[] manifest)
    {
        using var document = JsonDocument.Parse(manifest);
        var root = document.RootElement;
        var entries = root.GetProperty("databases").EnumerateArray().ToList();
        if (root.TryGetProperty("globals", out var globals) && globals.ValueKind == JsonValueKind.Object)
        {
            entries.Add(globals);
        }

        return [.. entries
            .Where(e => e.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String)
            .Select(e => new Promise(e.GetProperty("file").GetString()!, e.GetProperty("bytes").GetInt64(), e.GetProperty("sha256").GetString()!))];
    }

    private static async Task<string> ChecksumAsync(string identity, Func<Task<byte[]>> read)
    {
        if (!Checksums.TryGetValue(identity, out var checksum))
        {
            checksum = Convert.ToHexStringLower(SHA256.HashData(await read()));
            Checksums[identity] = checksum;
        }

        return checksum;
    }

    private static IEnumerable<string> Mismatch(Promise promise, long bytes, string sha256)
    {
        if (bytes != promise.Bytes)
        {
            yield return $"{promise.File} has {bytes} bytes, the manifest says {promise.Bytes}";
        }
        else if (!string.Equals(sha256, promise.Sha256, StringComparison.Ordinal))
        {
            yield return $"{promise.File} differs from its checksum in the manifest";
        }
    }
}
