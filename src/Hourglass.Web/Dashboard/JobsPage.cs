using Hourglass.Ledger;
using Hourglass.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// <c>/jobs</c>: the ledger's newest jobs, filtered by state and kind, with their last errors, a timeline of when
/// each ran, and retry or cancel where the state allows it.
/// </summary>
internal static class JobsPage
{
    private const int Limit = 100;

    public static async Task<IResult> RenderAsync(HttpContext context, IJobLedger ledger, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var query = context.Request.Query;
        JobQuery filter;
        try
        {
            // The API's parser, so the page and /api/v1/jobs take and refuse the same values (names, never numbers).
            filter = JobFilter.Parse(Chosen(query["state"]), Chosen(query["kind"]), default, default) with { Limit = Limit };
        }
        catch (HourglassException e) when (e.ExitCode == ExitCode.Usage)
        {
            return Layout.Page(context, "/jobs", "Jobs", Html.Of($"""
                <section>{Filters(new JobQuery())}</section>
                <p class="error">{e.Message}</p>
                """), StatusCodes.Status400BadRequest);
        }

        var jobs = await ledger.ListAsync(filter, cancellationToken);
        var errors = await ledger.LastErrorsAsync(jobs.Select(j => j.Id).ToList(), cancellationToken);
        var now = time.GetUtcNow();

        var rows = jobs.Select(job => Html.Of($"""
            <tr data-job="{job.Id}" data-state="{Lower(job.State)}">
              <td class="num"><a href="/jobs/{job.Id}">{job.Id}</a></td>
              <td>{Lower(job.Kind)}</td>
              <td class="mono hide-narrow">{job.Args}</td>
              <td>{Widgets.Badge(Lower(job.State))}{Html.If(job.CancelRequested && !job.IsFinished, Html.Of($" {Widgets.Badge("warn", "cancel requested")}"))}</td>
              <td class="num hide-narrow">{job.Attempt}/{job.MaxAttempts}</td>
              <td>{Widgets.Ago(job.AttemptedAt ?? job.ScheduledAt, now)}</td>
              <td class="num hide-narrow">{(job is { AttemptedAt: { } started, FinishedAt: { } finished } ? Format.Duration(finished - started) : "")}</td>
              <td>{errors.GetValueOrDefault(job.Id)}</td>
              <td>{Buttons(job)}</td>
            </tr>
            """)).ToList();
        return Layout.Page(context, "/jobs", "Jobs", Html.Of($"""
            <section>{Filters(filter)}</section>
            <section><h2>Timeline</h2>{JobTimeline.Render(jobs, now)}</section>
            <section>{Widgets.Table(["#Job", "Kind", "Args", "State", "#Attempt", "When", "#Took", "Last error", ""], rows, "No jobs match.", id: "jobs")}
            <p class="muted">The newest {Limit} jobs that match, newest first. <code>hourglass jobs --json</code> and <code>/api/v1/jobs</code> give the same.</p></section>
            """));
    }

    /// <summary>Retry for a job that gave up or was cancelled; cancel for one still queued or running.</summary>
    public static Markup Buttons(Job job) => job.State switch
    {
        JobState.Discarded or JobState.Cancelled => Widgets.ActionButton($"/api/v1/jobs/{job.Id}/retry", "Retry", change: true, secondary: true),
        JobState.Scheduled or JobState.Available or JobState.Retryable or JobState.Executing when !job.CancelRequested =>
            Widgets.ActionButton($"/api/v1/jobs/{job.Id}/cancel", "Cancel", change: true, secondary: true),
        _ => Markup.Empty,
    };

    /// <summary>A state or kind as the CLI and the API write it.</summary>
    public static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>The state and kind pickers, with what <paramref name="filter"/> asks for selected.</summary>
    private static Markup Filters(JobQuery filter) => Html.Of($"""
        <form class="filters" method="get" action="/jobs">
          <label>State <select name="state"><option value="">any</option>{Options(Enum.GetValues<JobState>(), s => filter.States?.Contains(s) == true)}</select></label>
          <label>Kind <select name="kind"><option value="">any</option>{Options(Enum.GetValues<JobKind>(), k => k == filter.Kind)}</select></label>
          <button type="submit" class="secondary">Filter</button>
        </form>
        """);

    /// <summary>The values picked in a filter: the form sends an empty one for "any".</summary>
    private static StringValues Chosen(StringValues values) => new([.. values.Where(v => !string.IsNullOrEmpty(v))]);

    private static Markup Options<T>(IEnumerable<T> values, Func<T, bool> selected)
        where T : struct, Enum =>
        Html.Join(values, v => Html.Of($"""<option value="{Lower(v)}"{(selected(v) ? new Markup(" selected") : Markup.Empty)}>{Lower(v)}</option>"""));
}
