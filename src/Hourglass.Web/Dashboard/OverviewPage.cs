using Hourglass.Configuration;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// <c>/</c>: one row per database with its recovery point (the age of its newest good backup), how it was last proven
/// (by a test restore, or by checksums only), its last restore time, its copies per target, and a red or green state
/// that is red exactly when <c>hourglass status</c> reports a problem with it; the tiers with "Back up now", recent
/// jobs, and size and duration over time.
/// </summary>
internal static class OverviewPage
{
    public static async Task<IResult> RenderAsync(HttpContext context, EngineSnapshot snapshot, HourglassOptions options, TierList tiers, IJobLedger ledger)
    {
        var cancellationToken = context.RequestAborted;
        var current = await snapshot.CurrentAsync(cancellationToken);
        var report = current.Status;
        var recent = await ledger.ListAsync(new JobQuery(Limit: 8), cancellationToken);
        var errors = await ledger.LastErrorsAsync(recent.Select(j => j.Id).ToList(), cancellationToken);

        var banner = report.Healthy
            ? Html.Of($"""<div class="banner ok" id="health" data-healthy="true">All good: every database has a recent backup{(options.RequireVerified ? " and a recent verification" : "")}.</div>""")
            : Html.Of($"""<div class="banner bad" id="health" data-healthy="false">{report.Problems.Count} problem{(report.Problems.Count == 1 ? "" : "s")}<ul>{Html.Join(report.Problems, p => Html.Of($"<li>{p}</li>"))}</ul></div>""");
        var buttons = Html.Of($"""
            <div class="actions">
              {Html.Join(tiers, t => Widgets.ActionButton("/api/v1/backups", $"Back up now: {t.Name}", new Dictionary<string, string> { ["tier"] = t.Name }))}
              {Widgets.ActionButton("/api/v1/verifications", "Verify now", secondary: true)}
            </div>
            """);
        var databases = Widgets.Table(
            ["Database", "State", "Newest good backup (RPO)", "Last good set", "Proof", "Last restore time (RTO)", .. report.Targets.Select(t => $"Copy: {t.Name}")],
            report.Databases.Select(d => DatabaseRow(d, report)).ToList(),
            "No databases are configured.",
            id: "databases");
        var tierRows = Widgets.Table(
            ["Tier", "Schedule", "Next slot", "Last job", "#Sets", "#Size"],
            report.Tiers.Select(t => Html.Of($"""
                <tr><td>{t.Name}</td><td><code>{t.Cron}</code></td><td>{Widgets.Time(t.NextSlot)}</td>
                <td>{(t.LastJobId is { } id ? Html.Of($"""<a href="/jobs/{id}">#{id}</a> {Widgets.Badge(t.LastJobState ?? "unknown")}""") : Html.Of($"""<span class="muted">none</span>"""))}</td>
                <td class="num">{t.Sets}</td><td class="num">{Format.Bytes(t.Bytes)}</td></tr>
                """)).ToList(),
            "No tiers.");
        var jobs = Widgets.Table(
            ["#Job", "Kind", "State", "Started", "Error"],
            recent.Select(j => Html.Of($"""
                <tr data-job="{j.Id}" data-state="{JobsPage.Lower(j.State)}"><td class="num"><a href="/jobs/{j.Id}">{j.Id}</a></td><td>{JobsPage.Lower(j.Kind)}</td><td>{Widgets.Badge(JobsPage.Lower(j.State))}</td>
                <td>{Widgets.Ago(j.AttemptedAt ?? j.InsertedAt, report.Now)}</td><td>{errors.GetValueOrDefault(j.Id)}</td></tr>
                """)).ToList(),
            "No jobs yet.",
            id: "recent-jobs");
        var free = report.FreeBytes is { } bytes ? $"{Format.Bytes(bytes)} free in the backup root" : "";
        return Layout.Page(context, "/", "Overview", Html.Of($"""
            {banner}
            {buttons}
            <section><h2>Databases</h2>{databases}</section>
            <section><h2>Size and duration over time</h2>{SetCharts.Render(current.Sets, [.. options.Databases])}</section>
            <section><h2>Tiers</h2>{tierRows}<p class="muted">{free}</p></section>
            <section><h2>Recent jobs</h2>{jobs}<p><a href="/jobs">All jobs</a></p></section>
            """));
    }

    private static Markup DatabaseRow(DatabaseStatus database, StatusReport report)
    {
        var copies = report.Targets.Select(t => (Target: t, Copy: t.Databases.FirstOrDefault(c => c.Name == database.Name))).ToList();
        var red = report.FailingDatabases.Contains(database.Name);
        var rpo = database.NewestGoodAt is { } at
            ? Html.Of($"""<time datetime="{Format.Iso(at)}" title="{Format.Time(at)}">{Format.Age(report.Now - at)}</time> <span class="muted">(limit {Format.Age(database.StaleAfter)})</span>""")
            : Html.Of($"""<span class="muted">none</span>""");
        var set = database.NewestGoodSet is { } id
            ? Html.Of($"""<a href="/sets/{id}" class="mono">{id}</a>""")
            : Html.Of($"""<span class="muted">none</span>""");
        var rto = database.RestoreDuration is { } duration ? Html.Text(Format.Duration(duration)) : Html.Of($"""<span class="muted">not measured</span>""");
        return Html.Of($"""
            <tr data-database="{database.Name}" data-state="{(red ? "red" : "green")}" data-newest-set="{database.NewestGoodSet}">
              <td><strong>{database.Name}</strong></td>
              <td>{Widgets.Badge(red ? "bad" : "ok", red ? "problem" : "ok")}</td>
              <td>{rpo}</td>
              <td>{set}</td>
              <td>{Proof(database, report.Now)}</td>
              <td>{rto}</td>
              {Html.Join(copies, c => CopyCell(c.Target, c.Copy, report.Now))}
            </tr>
            """);
    }

    private static Markup CopyCell(TargetStatus target, CopyStatus? copy, DateTimeOffset now)
    {
        if (copy is not { NewestGoodAt: { } copied })
        {
            return Html.Of($"""<td><span class="muted">{(target.Error is null ? "none" : "cannot list")}</span></td>""");
        }

        return Html.Of($"<td>{Widgets.Ago(copied, now)}{Html.If(copy.Stale, Html.Of($" {Widgets.Badge("bad", "stale")}"))}</td>");
    }

    /// <summary>"Proven by restore 3h ago" is a stronger promise than "checksums only": the words say which.</summary>
    private static Markup Proof(DatabaseStatus database, DateTimeOffset now) => database switch
    {
        { Verification: "failed" } => Html.Of($"{Widgets.Badge("bad", "verification failed")} {Widgets.Ago(database.VerifiedAt, now)}"),
        { Proof: "restore" } => Html.Of($"{Widgets.Badge("ok", "proven by restore")} {Widgets.Ago(database.ProvenAt, now)}"),
        { Proof: "checksums", ProvenAt: { } proven } => Html.Of($"{Widgets.Badge("warn", "checksums only")} {Widgets.Ago(database.VerifiedAt, now)}; proven by restore {Widgets.Ago(proven, now)}"),
        { Proof: "checksums" } => Html.Of($"{Widgets.Badge("warn", "checksums only")} {Widgets.Ago(database.VerifiedAt, now)}, never restored"),
        _ => Html.Of($"""<span class="muted">never verified</span>"""),
    };
}
