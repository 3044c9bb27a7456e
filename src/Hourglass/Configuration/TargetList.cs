using System.Collections;

namespace Hourglass.Configuration;

/// <summary>The targets in force, by name, built once from validated options; the one place a named target is looked up.</summary>
public sealed class TargetList : IReadOnlyList<Target>
{
    private readonly IReadOnlyList<Target> _targets;

    private TargetList(IReadOnlyList<Target> targets) => _targets = targets;

    /// <summary>The configured targets, in name order. Each takes the local tiers' schedules with its own keeps.</summary>
    public static TargetList From(HourglassOptions options, TierList tiers, DateTimeOffset now) =>
        new(options.Targets
            .Select(t =>
            {
                var taken = TierList.Of(t.Value.Tiers.Select(taken => tiers.Get(taken.Key) with { Retention = taken.Value.Keep.ToPolicy() }));
                var staleAfter = t.Value.StaleAfter ?? taken.NamedOrMostFrequent(null, now).Schedule.IntervalAfter(now) * 2;
                return new Target(t.Key, t.Value, taken, staleAfter);
            })
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList());

    /// <inheritdoc />
    public int Count => _targets.Count;

    /// <inheritdoc />
    public Target this[int index] => _targets[index];

    /// <summary>The target called <paramref name="name"/>; a usage error naming the configured targets when there is none.</summary>
    public Target Get(string name) =>
        _targets.FirstOrDefault(t => t.Name == name) ?? throw Errors.UnknownTarget(name, _targets.Select(t => t.Name));

    /// <inheritdoc />
    public IEnumerator<Target> GetEnumerator() => _targets.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
