using System.Security.Cryptography;
using System.Text.Json;
using Amazon.S3.Model;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The sets a store holds as the campaign sees them: read with the campaign's own code (raw JSON, SHA-256 of the
/// bytes), not Hourglass's, so a bug in Hourglass's reading cannot hide the same bug in its writing.
/// </summary>
internal static class StoredSets
{
    /// <summary>A file a manifest promises: its name, size and checksum.</summary>
    public sealed record Promise(string File, long Bytes, string Sha256);

    /// <summary>Every local set folder with a manifest, and what is wrong with each (empty when whole).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> LocalAsync(string root, CancellationToken cancellationToken)
    {
        var sets = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var manifest in Directory.Exists(root) ? Directory.EnumerateFiles(root, "manifest.json", SearchOption.AllDirectories) : [])
        {
            var folder = Path.GetDirectoryName(manifest)!;
            var id = Path.GetRelativePath(root, folder);
            var problems = new List<string>();
            foreach (var promise in Promises(await File.ReadAllBytesAsync(manifest, cancellationToken)))
            {
                var path = Path.Combine(folder, promise.File);
                problems.AddRange(File.Exists(path)
                    ? Mismatch(promise, await File.ReadAllBytesAsync(path, cancellationToken))
                    : [$"{promise.File} is missing"]);
            }

            sets[id] = problems;
        }

        return sets;
    }

    /// <summary>Every set on the target (a key ending in manifest.json), and what is wrong with each.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> TargetAsync(Lab lab, CancellationToken cancellationToken)
    {
        var keys = await lab.Offsite.KeysAsync(cancellationToken);
        var sets = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var manifestKey in keys.Where(k => k.EndsWith("/manifest.json", StringComparison.Ordinal)))
        {
            var folder = manifestKey[..^"manifest.json".Length];
            var problems = new List<string>();
            foreach (var promise in Promises(await lab.Offsite.ReadAsync(manifestKey, cancellationToken)))
            {
                problems.AddRange(keys.Contains(folder + promise.File)
                    ? Mismatch(promise, await lab.Offsite.ReadAsync(folder + promise.File, cancellationToken))
                    : [$"{promise.File} is missing"]);
            }

            sets[folder[(Infrastructure.Offsite.Prefix.Length + 1)..].TrimEnd('/')] = problems;
        }

        return sets;
    }

    /// <summary>The multipart uploads begun on the target and never finished or aborted.</summary>
    public static async Task<IReadOnlyList<MultipartUpload>> UnfinishedUploadsAsync(Lab lab, CancellationToken cancellationToken) =>
        await lab.Offsite.UploadsAsync(cancellationToken);

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

    private static IEnumerable<string> Mismatch(Promise promise, byte[] content)
    {
        if (content.LongLength != promise.Bytes)
        {
            yield return $"{promise.File} has {content.LongLength} bytes, the manifest says {promise.Bytes}";
        }
        else if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(content)), promise.Sha256, StringComparison.Ordinal))
        {
            yield return $"{promise.File} differs from its checksum in the manifest";
        }
    }
}
