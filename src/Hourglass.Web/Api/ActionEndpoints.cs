using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Hourglass.Hosting;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Api;

/// <summary>
/// The API's actions (README "JSON API", "Actions"): back up now, verify now, restore into a new database, retry,
/// cancel. Each only queues or changes a job in the ledger through <see cref="ManualJobs"/>, exactly as
/// <c>hourglass enqueue</c> and <c>hourglass jobs</c> do; a daemon's worker runs it. Answers the job as
/// <c>jobs show --json</c> prints it: 202 when queued now, 200 when the same job was already queued (a double click).
/// A refusal is 400 (bad request) or 409 (the state does not allow it) with <c>{"error": "one line"}</c>; anything
/// else (the ledger away) is answered by <see cref="ApiErrors"/>, as on the read routes.
/// </summary>
internal static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapActions(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.AddEndpointFilterFactory(ApiErrors.Filter); // a ledger away is 503 {"error": …} here as on every read route
        api.MapPost("/backups", (HttpContext context, ManualJobs jobs) =>
            ActAsync(context, "a backup", ActionJson.Default.BackupAction, body => jobs.BackupAsync(body.Tier, body.Databases, context.RequestAborted)));
        api.MapPost("/verifications", (HttpContext context, ManualJobs jobs) =>
            ActAsync(context, "a verification", ActionJson.Default.VerifyAction, body =>
                jobs.VerifyAsync(new VerifyArgs(body.Set ?? SetQueries.Latest, body.Tier, body.Restore ?? false), context.RequestAborted)));
        api.MapPost("/restores", (HttpContext context, ManualJobs jobs) =>
            ActAsync(context, "a restore", ActionJson.Default.RestoreAction, body =>
                body is { Set: { Length: > 0 } set, Database: { Length: > 0 } database, Into: { Length: > 0 } into }
                    ? jobs.RestoreIntoNewAsync(set, database, into, body.Tier, context.RequestAborted)
                    : throw Errors.Usage("a restore needs \"set\", \"database\" and \"into\" (the name of a new database)")));
        api.MapPost("/jobs/{id:long}/retry", (HttpContext context, long id, ManualJobs jobs, IJobLedger ledger) =>
            ChangeAsync(context, $"retry of job {id}", id, ledger, () => jobs.RetryAsync(id, context.RequestAborted)));
        api.MapPost("/jobs/{id:long}/cancel", (HttpContext context, long id, ManualJobs jobs, IJobLedger ledger) =>
            ChangeAsync(context, $"cancel of job {id}", id, ledger, () => jobs.CancelAsync(id, context.RequestAborted)));
        return app;
    }

    private static async Task<IResult> ActAsync<T>(HttpContext context, string action, JsonTypeInfo<T> body, Func<T, Task<QueuedJob>> act)
        where T : class, new()
    {
        var logger = Logger(context);
        try
        {
            var request = await ReadAsync(context, body);
            var queued = await act(request);
            logger.ActionTaken(Who(context), action, queued.Job.Id, queued.Inserted ? "queued" : "already queued");
            var ledger = context.RequestServices.GetRequiredService<IJobLedger>();
            return await JobAsync(queued.Job, ledger, queued.Inserted ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, context.RequestAborted);
        }
        catch (HourglassException e)
        {
            logger.ActionRefused(Who(context), action, e.Message);
            return ActionJson.Error(e.ExitCode == ExitCode.Usage ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict, e.Message);
        }
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, string action, long id, IJobLedger ledger, Func<Task<Job?>> change)
    {
        var logger = Logger(context);
        try
        {
            if (await change() is not { } job)
            {
                return ActionJson.Error(StatusCodes.Status404NotFound, Errors.JobNotFound(id).Message);
            }

            logger.ActionTaken(Who(context), action, id, job.State.ToString().ToLowerInvariant());
            return await JobAsync(job, ledger, StatusCodes.Status200OK, context.RequestAborted);
        }
        catch (HourglassException e)
        {
            logger.ActionRefused(Who(context), action, e.Message);
            return ActionJson.Error(StatusCodes.Status409Conflict, e.Message);
        }
    }

    /// <summary>The body as <typeparamref name="T"/>; an empty body is the defaults. Bad JSON, or a field the action does not know, is a usage error.</summary>
    private static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : class, new()
    {
        if (context.Request.ContentLength == 0)
        {
            return new T();
        }

        try
        {
            return await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted) ?? new T();
        }
        catch (JsonException)
        {
            throw Errors.Usage($"the request body must be a JSON object with only {string.Join(", ", type.Properties.Select(p => $"\"{p.Name}\""))}: see README \"Actions\"");
        }
    }

    private static async Task<IResult> JobAsync(Job job, IJobLedger ledger, int status, CancellationToken cancellationToken)
    {
        var document = JobDocument.From(job, await ledger.ErrorsAsync(job.Id, cancellationToken));
        return new JobResult(DocumentJson.Serialize(document), $"/api/v1/jobs/{job.Id}", status);
    }

    private static string Who(HttpContext context) => context.User.Identity?.Name ?? "anonymous (loopback)";

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ActionEndpoints).FullName!);

    /// <summary>A job document with its status and <c>Location</c>.</summary>
    private sealed class JobResult(string json, string location, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return Results.Text(json, "application/json; charset=utf-8", statusCode: status).ExecuteAsync(httpContext);
        }
    }
}
