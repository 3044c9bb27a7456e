using System.Globalization;

namespace Hourglass.Storage;

/// <summary>
/// A backup set's identity, <c>{tier}/backup_YYYYMMDD_HHMMSS</c> (UTC start time), which is also where a store keeps it: the tier's folder (or prefix), then the name.
/// </summary>
public sealed record SetId(string Tier, string Name) : IComparable<SetId>
{
    private const string Prefix = "backup_";
    private const string TimeFormat = "yyyyMMdd_HHmmss";


    /// <summary>The id of a set of <paramref name="tier"/> started at <paramref name="startedAt"/>.</summary>
    public static SetId For(string tier, DateTimeOffset startedAt) =>
        new(tier, Prefix + startedAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture));

    /// <summary>The start time the name encodes.</summary>
    public DateTimeOffset StartedAt =>
        DateTimeOffset.ParseExact(Name[Prefix.Length..], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>True for a set name of the form <c>backup_YYYYMMDD_HHMMSS</c>.</summary>
    public static bool IsSetName(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal)
        && DateTimeOffset.TryParseExact(name[Prefix.Length..], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>Parses <c>tier/backup_…</c>, or <c>backup_…</c> with <paramref name="defaultTier"/>.</summary>
    public static SetId? TryParse(string text, string? defaultTier)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var (tier, name) = slash >= 0 ? (text[..slash], text[(slash + 1)..].TrimEnd('/')) : (defaultTier, text);
        return tier is not null && Configuration.TierName.IsValid(tier) && IsSetName(name) ? new SetId(tier, name) : null;
    }

    /// <summary>The next second's id: used when a set with this id already exists.</summary>
    public SetId Next() => For(Tier, StartedAt.AddSeconds(1));

    /// <inheritdoc />
    public int CompareTo(SetId? other) => other is null ? 1 : string.CompareOrdinal(Name, other.Name) is var byName and not 0
        ? byName
        : string.CompareOrdinal(Tier, other.Tier);

    /// <inheritdoc />
    public override string ToString() => $"{Tier}/{Name}";
}
