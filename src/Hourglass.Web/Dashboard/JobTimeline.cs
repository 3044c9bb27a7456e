using System.Globalization;
using Hourglass.Ledger;

namespace Hourglass.Web.Dashboard;

/// <summary>When each listed job ran, as bars on one time axis (inline SVG): overlaps, gaps and long runs at a glance.</summary>
internal static class JobTimeline
{
    private const double Width = 600, Left = 40, Right = 590, Row = 12;

    /// <summary>The timeline of <paramref name="jobs"/> that have started; a running one extends to <paramref name="now"/>.</summary>
    public static Markup Render(IReadOnlyList<Job> jobs, DateTimeOffset now)
    {
        var runs = jobs.Where(j => j.AttemptedAt is not null).Take(40).Reverse()
            .Select(j => (Job: j, From: j.AttemptedAt!.Value, To: j.FinishedAt ?? (j.State == JobState.Executing ? now : j.AttemptedAt!.Value)))
            .ToList();
        if (runs.Count == 0)
        {
            return Html.Of($"""<p class="muted">No job has run yet.</p>""");
        }

        var from = runs.Min(r => r.From);
        var to = runs.Max(r => r.To);
        var span = Math.Max(1, (to - from).TotalSeconds);
        var height = (runs.Count * Row) + 24;
        string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
        double X(DateTimeOffset at) => Left + ((at - from).TotalSeconds / span * (Right - Left));
        var bars = Html.Join(runs.Select((r, i) => (r, i)), x => Html.Of($"""
            <rect class="bar {JobsPage.Lower(x.r.Job.State)}" x="{N(X(x.r.From))}" y="{N((x.i * Row) + 2)}" width="{N(Math.Max(2, X(x.r.To) - X(x.r.From)))}" height="{N(Row - 3)}"><title>#{x.r.Job.Id} {JobsPage.Lower(x.r.Job.Kind)} {JobsPage.Lower(x.r.Job.State)}: {Format.Time(x.r.From)}, {Format.Duration(x.r.To - x.r.From)}</title></rect>
            <text x="{N(Left - 4)}" y="{N((x.i * Row) + Row - 2)}" text-anchor="end">#{x.r.Job.Id}</text>
            """));
        return Html.Of($"""
            <figure class="chart timeline"><svg viewBox="0 0 {N(Width)} {N(height)}" role="img" aria-label="When the listed jobs ran">
              {bars}
              <text x="{N(Left)}" y="{N(height - 4)}">{Format.Time(from)}</text>
              <text x="{N(Right)}" y="{N(height - 4)}" text-anchor="end">{Format.Time(to)}</text>
            </svg></figure>
            """);
    }
}
