namespace Hourglass;

/// <summary>The process exit codes every command uses; scripts and monitoring rely on them.</summary>
public enum ExitCode
{
    /// <summary>Everything asked for was done.</summary>
    Success = 0,

    /// <summary>The work failed: a database failed, a check found a problem, a backup is stale.</summary>
    Failed = 1,

    /// <summary>Bad usage or bad configuration: nothing was attempted.</summary>
    Usage = 2,
}
