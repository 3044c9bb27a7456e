namespace Hourglass.Configuration;

/// <summary>Scheduled verification: which tier's newest complete set is checked, when, and whether with test restores.</summary>
public sealed class VerifyOptions
{
    /// <summary>False turns scheduled verification off. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>When it runs, read in the configured time zone. Default every day at 03:00.</summary>
    public string Cron { get; set; } = "0 3 * * *";

    /// <summary>The tier whose newest complete set is verified. Default <c>daily</c>, or the least frequent tier when there is no <c>daily</c>.</summary>
    public string? Tier { get; set; }

    /// <summary>Also restore each dump into a scratch database and compare. Default true.</summary>
    public bool Restore { get; set; } = true;
}
