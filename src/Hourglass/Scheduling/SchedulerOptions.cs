namespace Hourglass.Scheduling;

/// <summary>How a node runs its schedule and workers. The defaults suit production; tests shorten them.</summary>
internal sealed record SchedulerOptions
{
    /// <summary>How many jobs a node runs at once. Default 2.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>How long a claim holds a job without renewal. Default 60 s.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a running job's lease is renewed: a third of the lease, so two renewals can fail before it expires.</summary>
    public TimeSpan RenewEvery => Lease / 3;

    /// <summary>How long an idle worker waits before looking for work again. Default 1 s.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often expired leases are rescued and the node's heartbeat written. Default 15 s.</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often finished jobs past their age are deleted from the ledger. Default 1 h.</summary>
    public TimeSpan LedgerPruneInterval { get; init; } = TimeSpan.FromHours(1);
}
