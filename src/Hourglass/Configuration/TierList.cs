using System.Collections;

namespace Hourglass.Configuration;

/// <summary>
/// The tiers in force, by name, built once from validated options. The one place a tier a person named is looked up
/// (with the same error everywhere) and the one place the default tier of a manual backup is chosen.
/// </summary>
public sealed class TierList : IReadOnlyList<Tier>
{
    private readonly IReadOnlyList<Tier> _tiers;

    private TierList(IReadOnlyList<Tier> tiers) => _tiers = tiers;

    /// <summary>The configured tiers (or the defaults), in name order.</summary>
    public static TierList From(HourglassOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        return new TierList(options.EffectiveTiers
            .Select(t => new Tier(t.Key, CronSchedule.Parse(t.Value.Cron, zone), t.Value.Keep.ToPolicy()))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList());
    }

    /// <summary>A list of tiers that are already checked (a target's, which takes some of the configured tiers).</summary>
    internal static TierList Of(IEnumerable<Tier> tiers) => new([.. tiers.OrderBy(t => t.Name, StringComparer.Ordinal)]);

    /// <inheritdoc />
    public int Count => _tiers.Count;

    /// <inheritdoc />
    public Tier this[int index] => _tiers[index];

    /// <summary>The tier called <paramref name="name"/>; a usage error naming the configured tiers when there is none.</summary>
    public Tier Get(string name) => _tiers.FirstOrDefault(t => t.Name == name) ?? throw Errors.UnknownTier(name, _tiers.Select(t => t.Name));

    /// <summary>Checks a tier a person named (null passes), before any work starts.</summary>
    public void EnsureKnown(string? name)
    {
        if (name is not null)
        {
            _ = Get(name);
        }
    }

    /// <summary>
    /// The tier a person named, or when none, the one a manual backup goes to: the tier that runs most often.
    /// </summary>
    public Tier NamedOrMostFrequent(string? name, DateTimeOffset now) =>
        name is not null ? Get(name) : _tiers.OrderBy(t => t.Schedule.IntervalAfter(now)).ThenBy(t => t.Name, StringComparer.Ordinal).First();

    /// <summary>The tier that runs least often (scheduled verification's default when there is no <c>daily</c>).</summary>
    public Tier LeastFrequent(DateTimeOffset now) => _tiers.OrderByDescending(t => t.Schedule.IntervalAfter(now)).ThenBy(t => t.Name, StringComparer.Ordinal).First();

    /// <inheritdoc />
    public IEnumerator<Tier> GetEnumerator() => _tiers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
