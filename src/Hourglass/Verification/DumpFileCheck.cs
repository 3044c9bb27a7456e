using System.Security.Cryptography;
using Hourglass.Backups;
using Hourglass.Postgres;
using Hourglass.Storage;

namespace Hourglass.Verification;

/// <summary>What reading one dump file back found.</summary>
/// <param name="Bytes">The file's size.</param>
/// <param name="RawBytes">What it decompressed to.</param>
/// <param name="Problems">Integrity problems: the file is not what was written, so it cannot be restored.</param>
/// <param name="RowProblems">The file is intact but its COPY blocks disagree with the manifest's row counts.</param>
internal sealed record FileCheckResult(long Bytes, long RawBytes, IReadOnlyList<string> Problems, IReadOnlyList<string> RowProblems);

/// <summary>
/// Checks one file of a set against its manifest entry without a database: it exists, its size and SHA-256 match,
/// it decompresses to the end, the SQL ends with the dump's completion line, and (for a database dump) the rows in
/// its COPY blocks are the counts the manifest recorded. Each problem names the file and what differed. An encrypted
/// file is decrypted on the way (and refused if any chunk fails to authenticate); where no identity is configured
/// only its size and SHA-256 are checked, which still proves the stored bytes are the ones written.
/// </summary>
internal static class DumpFileCheck
{
    public static async Task<FileCheckResult> CheckAsync(ISetStore store, SetKeys keys, SetId set, DatabaseDump entry, bool isGlobals, CancellationToken cancellationToken)
    {
        Stream? opened;
        try
        {
            opened = await store.OpenReadAsync(set, entry.File, cancellationToken);
        }
        catch (HourglassException e) when (e.IsDataFault)
        {
            // A file the store refuses to open (a symbolic link) is a problem of this file, not the end of the check.
            return new FileCheckResult(0, 0, [e.Message], []);
        }

        await using var stored = opened;
        if (stored is null)
        {
            return new FileCheckResult(0, 0, [$"{entry.File} is missing"], []);
        }

        var problems = new List<string>();

        // One read of the file: the checksum is taken from the bytes as the decompressor pulls them through.
        var rows = isGlobals ? null : new CopyRowCounter();
        var tail = new DumpTail();
        var raw = 0L;
        string? decompressProblem = null;
        var readable = entry.Encryption is null || keys.CanDecrypt;
        using var sha256 = SHA256.Create();
        var input = new CountingStream(stored);
        await using (var hashed = new CryptoStream(input, sha256, CryptoStreamMode.Read, leaveOpen: true))
        {
            // Without an identity an encrypted file is only hashed (below): that still proves its bytes are the ones stored.
            Stream? decrypted = null;
            try
            {
                decrypted = readable && entry.Encryption is not null ? await keys.DecryptAsync(hashed, entry.File, leaveOpen: true, cancellationToken) : null;
                await using var stream = readable ? CompressionCodec.FromName(entry.Compression).Decompress(decrypted ?? hashed) : Stream.Null;
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    rows?.Append(buffer.AsSpan(0, read));
                    tail.Append(buffer.AsSpan(0, read));
                    raw += read;
                }
            }
            // A download cut off (HttpIOException) says nothing about the file: the check could not run, and it throws.
            catch (Exception e) when (e is (IOException and not System.Net.Http.HttpIOException) or InvalidDataException or ZstdSharp.ZstdException)
            {
                decompressProblem = $"{entry.File} does not decompress to the end: {e.Message.TrimEnd('.')} after {raw} bytes";
            }
            catch (HourglassException e) when (e.IsDataFault)
            {
                decompressProblem = $"{entry.File} does not decrypt: {e.Message.TrimEnd('.')} after {raw} bytes";
            }
            finally
            {
                if (decrypted is not null)
                {
                    await decrypted.DisposeAsync();
                }
            }

            // Whatever the decompressor left unread (trailing bytes, or everything after a corrupt frame) still counts.
            await hashed.CopyToAsync(Stream.Null, cancellationToken);
        }

        var size = input.Count;
        if (size != entry.Bytes)
        {
            problems.Insert(0, $"{entry.File} is {size} bytes, the manifest says {entry.Bytes}");
        }

        var actual = Convert.ToHexStringLower(sha256.Hash!);
        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{entry.File} has SHA-256 {actual}, the manifest says {entry.Sha256}");
        }

        if (decompressProblem is not null || !readable)
        {
            problems.AddRange(decompressProblem is null ? [] : [decompressProblem]);
            return new FileCheckResult(size, raw, problems, []);
        }

        if (raw != entry.RawBytes)
        {
            problems.Add($"{entry.File} decompresses to {raw} bytes, the manifest says {entry.RawBytes}");
        }

        if (!tail.EndsWith(isGlobals ? PgClientTools.ClusterDumpCompleteLine : PgClientTools.DumpCompleteLine))
        {
            problems.Add($"{entry.File} does not end with pg_dump's completion line: the dump is cut short");
        }

        var rowProblems = rows is null ? [] : RowCounts.Compare(entry.File, "in the file", rows.Tables, entry.Tables).ToList();
        return new FileCheckResult(size, raw, problems, rowProblems);
    }
}
