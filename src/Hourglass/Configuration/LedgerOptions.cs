namespace Hourglass.Configuration;

/// <summary>Where the job ledger lives and how long finished jobs stay in it.</summary>
public sealed class LedgerOptions
{
    /// <summary>A PostgreSQL connection string to share the ledger between daemons; null uses SQLite in the backup root.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Days completed jobs are kept. Default 30.</summary>
    public int KeepCompletedDays { get; set; } = 30;

    /// <summary>Days discarded and cancelled jobs are kept. Default 90.</summary>
    public int KeepFailedDays { get; set; } = 90;
}
