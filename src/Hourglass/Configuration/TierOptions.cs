namespace Hourglass.Configuration;

/// <summary>One named schedule: when it runs and how many complete sets of it are kept.</summary>
public sealed class TierOptions
{
    /// <summary>Cron expression: 5 fields, or 6 with seconds first. Read in the configured time zone.</summary>
    public string Cron { get; set; } = "";

    /// <summary>How many complete sets are kept (at least 1).</summary>
    public int Keep { get; set; }
}
