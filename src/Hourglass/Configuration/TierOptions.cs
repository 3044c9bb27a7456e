namespace Hourglass.Configuration;

/// <summary>One named schedule: when it runs and which of its complete sets are kept.</summary>
public sealed class TierOptions
{
    /// <summary>Cron expression: 5 fields, or 6 with seconds first. Read in the configured time zone.</summary>
    public string Cron { get; set; } = "";

    /// <summary>Which complete sets are kept: a count (at least 1), or calendar keeps.</summary>
    public KeepOptions Keep { get; set; } = new();
}
