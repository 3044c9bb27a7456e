using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Ledger;

/// <summary>Jobs put through the ledger as a worker would: enqueued, claimed, then completed or discarded.</summary>
internal static class FinishedJobs
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    /// <summary>Runs <paramref name="job"/> to its end (no other job may be due) and returns its id; a failure discards it with <paramref name="error"/>.</summary>
    public static async Task<long> FinishAsync(IJobLedger ledger, NewJob job, bool succeed, CancellationToken cancellationToken, string error = "failed for good")
    {
        var id = (await ledger.EnqueueAsync(job with { MaxAttempts = 1 }, cancellationToken)).Id;
        var claimed = (await ledger.ClaimAsync("test", Lease, cancellationToken))!;
        Assert.Equal(id, claimed.Id);
        Assert.True(succeed
            ? await ledger.CompleteAsync(id, "test", claimed.Attempt, "{}", cancellationToken)
            : await ledger.FailAsync(id, "test", claimed.Attempt, "node", error, retryAfter: null, cancellationToken));
        return id;
    }
}
