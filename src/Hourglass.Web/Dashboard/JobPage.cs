using Hourglass.Ledger;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary><c>/jobs/{id}</c>: one job as <c>hourglass jobs show</c> tells it: arguments, result, every error and its timeline.</summary>
internal static class JobPage
{
    public static async Task<IResult> RenderAsync(HttpContext context, long id, IJobLedger ledger)
    {
        var cancellationToken = context.RequestAborted;
        if (await ledger.GetAsync(id, cancellationToken) is not { } job)
        {
            return Layout.Page(context, "/jobs", $"Job {id}", Html.Of($"""<p class="error">{Errors.JobNotFound(id).Message}</p>"""), StatusCodes.Status404NotFound);
        }

        var errors = await ledger.ErrorsAsync(id, cancellationToken);
        var timeline = new List<(DateTimeOffset At, string What)> { (job.InsertedAt, "inserted"), (job.ScheduledAt, "scheduled") };
        timeline.AddRange(errors.Select(e => (e.At, $"attempt {e.Attempt} failed on {e.Node}: {e.Message}")));
        if (job.AttemptedAt is { } attempted)
        {
            timeline.Add((attempted, $"attempt {job.Attempt} started{(job.LeaseOwner is null ? "" : $" on {job.LeaseOwner}")}"));
        }

        if (job.FinishedAt is { } finished)
        {
            timeline.Add((finished, JobsPage.Lower(job.State)));
        }

        return Layout.Page(context, "/jobs", $"Job {id}: {JobsPage.Lower(job.Kind)}", Html.Of($"""
            <section>
              <dl class="facts" id="job" data-state="{JobsPage.Lower(job.State)}">
                <dt>State</dt><dd>{Widgets.Badge(JobsPage.Lower(job.State))} attempt {job.Attempt} of {job.MaxAttempts}{(job.CancelRequested ? ", cancel requested" : "")}</dd>
                <dt>Arguments</dt><dd class="mono">{job.Args}</dd>
                <dt>Result</dt><dd class="mono">{job.Meta}</dd>
                <dt>Schedule</dt><dd>{(job.CronName is null ? "manual" : $"{job.CronName}, slot {Format.Time(job.CronSlot!.Value)}")}</dd>
              </dl>
              <p>{JobsPage.Buttons(job)}</p>
            </section>
            <section><h2>Timeline</h2>{Widgets.Table(["When", "What"], timeline.OrderBy(t => t.At).Select(t => Html.Of($"<tr><td>{Widgets.Time(t.At)}</td><td>{t.What}</td></tr>")).ToList(), "Nothing yet.")}</section>
            """));
    }
}
