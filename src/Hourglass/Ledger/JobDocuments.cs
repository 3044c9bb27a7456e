namespace Hourglass.Ledger;

/// <summary>The ledger's jobs as documents, read the one way <c>jobs --json</c> and the API's <c>/api/v1/jobs</c> both read them.</summary>
public static class JobDocuments
{
    /// <summary>The jobs <paramref name="query"/> selects, newest first, each with its last error (two queries in all).</summary>
    public static async Task<IReadOnlyList<JobDocument>> ListAsync(IJobLedger ledger, JobQuery query, CancellationToken cancellationToken)
    {
        var jobs = await ledger.ListAsync(query, cancellationToken);
        var lastErrors = await ledger.LastErrorsAsync(jobs.Select(j => j.Id).ToList(), cancellationToken);
        return jobs.Select(job => JobDocument.From(job, lastErrors.GetValueOrDefault(job.Id))).ToList();
    }

    /// <summary>One job with every error, as <c>jobs show --json</c> prints it; null when there is no such job.</summary>
    public static async Task<JobDocument?> ShowAsync(IJobLedger ledger, long id, CancellationToken cancellationToken) =>
        await ledger.GetAsync(id, cancellationToken) is { } job
            ? JobDocument.From(job, await ledger.ErrorsAsync(id, cancellationToken))
            : null;
}
