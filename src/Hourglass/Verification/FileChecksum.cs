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

    /// <summary>What is wrong with the file, naming it (missing, or a different SHA-256), or null when it matches <paramref name="expected"/>.</summary>
    public static async Task<string?> ProblemAsync(string path, string? expected, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return $"{path} is missing";
        }

        var actual = await Sha256Async(path, cancellationToken);
        return string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{path} does not match its manifest (SHA-256 {actual[..12]}…, expected {(expected is { Length: >= 12 } e ? e[..12] + "…" : "none recorded")})";
    }

    /// <summary>Throws a one-line error naming the file when it is missing or does not match <paramref name="expected"/>.</summary>
    public static async Task EnsureMatchesAsync(string path, string? expected, CancellationToken cancellationToken)
    {
        if (await ProblemAsync(path, expected, cancellationToken) is { } problem)
        {
            throw Errors.DamagedDump(problem);
        }
    }
}
