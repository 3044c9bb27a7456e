namespace Hourglass.Storage;

/// <summary>
/// How large each part of a multipart upload is, when the upload does not know how large the file will be (a dump
/// is uploaded as pg_dump writes it). S3 takes at most 10,000 parts of 5 MiB to 5 GiB each, so fixed parts either
/// waste requests on small files or cap large ones; instead parts start at 16 MiB and double every 1,000 parts:
/// <list type="bullet">
/// <item>up to 16 GiB: 16 MiB parts, so servers that stop at 1,000 parts (OpenStack Swift's default) take it too;</item>
/// <item>about 1 TiB after 6,000 parts of up to 512 MiB;</item>
/// <item>1 GiB parts from part 7,001, the cap: a writer holds two parts in memory (one filling, one uploading), and a
/// managed array holds at most 2 GiB;</item>
/// <item>at most <see cref="MaxObjectBytes"/> = 1,000 × (16 + 32 + … + 512) MiB + 4,000 × 1 GiB = 5,104,000 MiB
/// (about 4.87 TiB) in 10,000 parts, a little under S3's own 5 TiB limit for an object.</item>
/// </list>
/// Memory follows the part size, never the file's: 32 MiB for a dump up to 16 GiB, 2 GiB at the very largest.
/// </summary>
internal static class S3PartSize
{
    /// <summary>The most parts S3 takes in one upload.</summary>
    public const int MaxParts = 10_000;

    /// <summary>The smallest part S3 takes (but for the last one).</summary>
    public const long MinBytes = 5L << 20;

    /// <summary>The first parts' size.</summary>
    public const long DefaultFirstBytes = 16L << 20;

    /// <summary>The largest part: two are held in memory, and an array holds at most 2 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Parts between doublings.</summary>
    public const int PartsPerStep = 1_000;

    /// <summary>The size of part <paramref name="partNumber"/> (1 to <see cref="MaxParts"/>) of an upload whose first part is <paramref name="firstBytes"/>.</summary>
    public static long For(int partNumber, long firstBytes = DefaultFirstBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, MaxParts);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstBytes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstBytes, MaxBytes);
        return Math.Min(MaxBytes, firstBytes << ((partNumber - 1) / PartsPerStep));
    }

    /// <summary>The largest file an upload with these parts can hold: every part full.</summary>
    public static long MaxObjectBytes(long firstBytes = DefaultFirstBytes)
    {
        long total = 0;
        for (var part = 1; part <= MaxParts; part += PartsPerStep)
        {
            total += For(part, firstBytes) * PartsPerStep;
        }

        return total;
    }
}
