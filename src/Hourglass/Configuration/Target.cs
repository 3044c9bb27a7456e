namespace Hourglass.Configuration;

/// <summary>
/// A target in force: its name, where it is, the tiers it takes (each with the local tier's schedule and the
/// target's own retention), whether it encrypts, and how old its newest copy may get.
/// </summary>
/// <param name="Name">The name in <c>targets</c>, used by <c>--target</c> and <c>--to</c>.</param>
/// <param name="Options">Where the bucket is.</param>
/// <param name="Tiers">The tiers it takes, with the target's keeps.</param>
/// <param name="StaleAfter">How old a database's newest copy may be before status fails.</param>
public sealed record Target(string Name, TargetOptions Options, TierList Tiers, TimeSpan StaleAfter)
{
    /// <summary>Whether files stored here are encrypted.</summary>
    public bool Encrypt => Options.Encrypt;

    /// <summary>True when the target takes copies of <paramref name="tier"/>.</summary>
    public bool Takes(string tier) => Tiers.Any(t => t.Name == tier);
}
