namespace Hourglass.Configuration;

/// <summary>What the daemon runs for slots it missed while no node was up.</summary>
public enum CatchUpPolicy
{
    /// <summary>The most recent missed slot of each tier runs once.</summary>
    Latest,

    /// <summary>Missed slots are skipped.</summary>
    None,
}
