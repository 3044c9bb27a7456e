namespace Hourglass.IntegrationTests.Faults;

/// <summary>The ways a stored file goes bad: a flipped byte, a truncation, or the file gone.</summary>
internal enum DamageKind
{
    FlippedByte,
    Truncated,
    Deleted,
}

/// <summary>Damage applied to a file's bytes; null content means the file is deleted.</summary>
internal static class Damage
{
    public static DamageKind Pick(Random random) => (DamageKind)random.Next(3);

    public static byte[]? Apply(DamageKind kind, byte[] content, Random random)
    {
        switch (kind)
        {
            case DamageKind.FlippedByte:
                var flipped = (byte[])content.Clone();
                flipped[random.Next(flipped.Length)] ^= (byte)(1 + random.Next(255));
                return flipped;
            case DamageKind.Truncated:
                return content[..random.Next(content.Length)];
            default:
                return null;
        }
    }
}
