using System.Security.Cryptography;

namespace Hourglass.Storage;

/// <summary>What is wrong with a stored file: missing altogether, or holding other bytes than its manifest recorded.</summary>
internal sealed record FileProblem(string Message, bool Missing);

/// <summary>A stored file checked against its manifest: there at all, and with the SHA-256 recorded when it was written.</summary>
internal static class FileChecksum
{
    /// <summary>What is wrong with the file, naming it (missing, or a different SHA-256), or null when it matches <paramref name="expected"/>.</summary>
    public static async Task<FileProblem?> ProblemAsync(ISetStore store, SetId set, string file, string? expected, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(set, file, cancellationToken);
        if (stream is null)
        {
            return new FileProblem(Missing(set, file), Missing: true);
        }

        return Compare(set, file, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)), expected);
    }

    /// <summary>The problem naming the file when the SHA-256 taken of it, <paramref name="actual"/>, is not <paramref name="expected"/>; else null.</summary>
    public static FileProblem? Compare(SetId set, string file, string actual, string? expected) =>
        string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
            ? null
            : new FileProblem($"{file} of set {set} does not match its manifest (SHA-256 {actual[..12]}…, expected {(expected is { Length: >= 12 } e ? e[..12] + "…" : "none recorded")})", Missing: false);

    /// <summary>Opens a file of a set that must be there: a one-line error naming it when it is missing.</summary>
    public static async Task<Stream> OpenAsync(ISetStore store, SetId set, string file, CancellationToken cancellationToken) =>
        await store.OpenReadAsync(set, file, cancellationToken) ?? throw Errors.DamagedDump(Missing(set, file));

    /// <summary>Throws a one-line error naming the file when it is missing or does not match <paramref name="expected"/>.</summary>
    public static async Task EnsureMatchesAsync(ISetStore store, SetId set, string file, string? expected, CancellationToken cancellationToken)
    {
        if (await ProblemAsync(store, set, file, expected, cancellationToken) is { } problem)
        {
            throw Errors.DamagedDump(problem.Message);
        }
    }

    private static string Missing(SetId set, string file) => $"{file} of set {set} is missing";
}
