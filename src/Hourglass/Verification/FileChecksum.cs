using System.Security.Cryptography;

namespace Hourglass.Verification;

/// <summary>The SHA-256 of a file on disk, compared with what its manifest recorded when it was written.</summary>
public static class FileChecksum
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    /// <summary>Throws a one-line error naming the file when it is missing or does not match <paramref name="expected"/>.</summary>
    public static async Task EnsureMatchesAsync(string path, string? expected, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw Errors.DumpFileMissing(path);
        }

        var actual = await Sha256Async(path, cancellationToken);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.ChecksumMismatch(path, expected ?? "(none recorded)".PadRight(12), actual);
        }
    }
}
