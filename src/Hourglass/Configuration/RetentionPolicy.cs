namespace Hourglass.Configuration;

/// <summary>
/// How many sets of a tier are kept: the newest <see cref="Keep"/> complete sets. A record of its own (rather than an
/// int on the tier) so that calendar keeps (the newest set of each day, ISO week and month) can join it without
/// changing who passes it around.
/// </summary>
/// <param name="Keep">How many of the newest complete sets are kept; at least 1.</param>
public sealed record RetentionPolicy(int Keep)
{
    /// <summary>What <c>prune</c> and the logs print for the policy: <c>keep 7</c>.</summary>
    public override string ToString() => $"keep {Keep}";
}
