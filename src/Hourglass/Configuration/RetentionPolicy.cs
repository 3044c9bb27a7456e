namespace Hourglass.Configuration;

/// <summary>
/// Which complete sets of a tier are kept: the newest <see cref="Keep"/>, and (grandfather-father-son) the newest set
/// of each of the newest <see cref="Daily"/> days, <see cref="Weekly"/> ISO weeks and <see cref="Monthly"/> months.
/// A set that several rules keep counts once, so <c>daily 7, weekly 8, monthly 12</c> holds a year in at most 27 sets.
/// </summary>
/// <param name="Keep">How many of the newest complete sets are kept.</param>
/// <param name="Daily">Days whose newest complete set is kept.</param>
/// <param name="Weekly">ISO weeks whose newest complete set is kept.</param>
/// <param name="Monthly">Months whose newest complete set is kept.</param>
public sealed record RetentionPolicy(int Keep, int Daily = 0, int Weekly = 0, int Monthly = 0)
{
    /// <summary>True when the policy keeps by calendar as well as by count.</summary>
    public bool HasCalendar => Daily > 0 || Weekly > 0 || Monthly > 0;

    /// <summary>What is wrong with the policy (for the config's error line), or null.</summary>
    public string? Problem() =>
        Keep < 0 || Daily < 0 || Weekly < 0 || Monthly < 0 ? "a keep is negative"
        : Keep + Daily + Weekly + Monthly < 1 ? "it keeps nothing"
        : null;

    /// <summary>What <c>prune</c> and the logs print for the policy: <c>keep 7</c>, or <c>keep daily 7, weekly 8, monthly 12</c>.</summary>
    public override string ToString()
    {
        if (!HasCalendar)
        {
            return $"keep {Keep}";
        }

        var parts = new List<string>();
        if (Keep > 0)
        {
            parts.Add($"last {Keep}");
        }

        if (Daily > 0)
        {
            parts.Add($"daily {Daily}");
        }

        if (Weekly > 0)
        {
            parts.Add($"weekly {Weekly}");
        }

        if (Monthly > 0)
        {
            parts.Add($"monthly {Monthly}");
        }

        return "keep " + string.Join(", ", parts);
    }
}
