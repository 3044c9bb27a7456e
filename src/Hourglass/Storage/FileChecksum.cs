using System.Security.Cryptography;

namespace Hourglass.Storage;

/// <summary>A stored file checked against its manifest: there at all, and with the SHA-256 recorded when it was written.</summary>
internal static class FileChecksum
{
    /// <summary>
    /// What is wrong with a file whose SHA-256 was taken as <paramref name="actual"/>, naming it, or null when that is
    /// <paramref name="expected"/>, the one its manifest recorded.
    /// </summary>
    public static string? Mismatch(SetId set, string file, string actual, string? expected) =>
        string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
            ? null
            : $"{file} of set {set} does not match its manifest (SHA-256 {actual[..12]}…, expected {(expected is { Length: >= 12 } e ? e[..12] + "…" : "none recorded")})";

    /// <summary>Opens a file of a set that must be there: a one-line error naming it when it is missing.</summary>
    public static async Task<Stream> OpenAsync(ISetStore store, SetId set, string file, CancellationToken cancellationToken) =>
        await store.OpenReadAsync(set, file, cancellationToken) ?? throw Errors.DamagedDump($"{file} of set {set} is missing");

    /// <summary>Throws a one-line error naming the file when it is missing or does not match <paramref name="expected"/>.</summary>
    public static async Task EnsureMatchesAsync(ISetStore store, SetId set, string file, string? expected, CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(store, set, file, cancellationToken);
        if (Mismatch(set, file, Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken)), expected) is { } problem)
        {
            throw Errors.DamagedDump(problem);
        }
    }
}
