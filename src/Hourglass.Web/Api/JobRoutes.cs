using Hourglass.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;

namespace Hourglass.Web.Api;

/// <summary><c>jobs</c> (as <c>jobs --json</c> prints them, filtered and paged by id) and one job with its errors (as <c>jobs show --json</c>).</summary>
internal static class JobRoutes
{
    public static RouteGroupBuilder MapJobRoutes(this RouteGroupBuilder v1)
    {
        v1.MapGet("/jobs", async (HttpContext http, IJobLedger ledger, CancellationToken cancellationToken) =>
        {
            var query = http.Request.Query;
            var filter = JobFilter.Parse(query["state"], query["kind"], query["limit"], query["before"]);
            var jobs = await JobDocuments.ListAsync(ledger, filter, cancellationToken);
            if (jobs.Count == filter.Limit)
            {
                http.Response.Headers.Link = $"<{NextPage(http.Request, jobs[^1].Id)}>; rel=\"next\"";
            }

            return ApiResults.Document(jobs);
        });

        v1.MapGet("/jobs/{id}", async (string id, HttpRequest request, IJobLedger ledger, CancellationToken cancellationToken) =>
        {
            if (QueryValues.Number(id) is not { } jobId)
            {
                return ApiResults.NotFound(Errors.NoSuchRoute(request.Path));
            }

            return await JobDocuments.ShowAsync(ledger, jobId, cancellationToken) is { } job
                ? ApiResults.Document(job)
                : ApiResults.NotFound(Errors.JobNotFound(jobId));
        });
        return v1;
    }

    /// <summary>This request's path and filters, with <c>before</c> the last id of this page.</summary>
    private static string NextPage(HttpRequest request, long lastId)
    {
        var pairs = request.Query.Where(q => q.Key != "before").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        return request.PathBase + request.Path + QueryString.Create([.. pairs, new("before", lastId.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }
}
