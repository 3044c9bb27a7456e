using Hourglass.Configuration;
using Hourglass.Storage;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// <c>/sets/{tier}/{name}?target=</c>: one set's manifest (every dump, its size, checksum, time and tables), its last
/// verification, and, for a set of the backup root, a form to restore one of its dumps into a new database.
/// </summary>
internal static class SetPage
{
    public static async Task<IResult> RenderAsync(HttpContext context, string tier, string name, EngineSnapshot snapshot, SetStores stores, TargetList targets)
    {
        var cancellationToken = context.RequestAborted;
        string? target = context.Request.Query["target"];
        target = targets.Any(t => t.Name == target) ? target : null;
        var id = SetId.TryParse($"{tier}/{name}", null);
        var set = id is null ? null
            : target is null ? (await snapshot.CurrentAsync(cancellationToken)).Sets.FirstOrDefault(s => s.Id == id)
            : await stores.For(target).FindAsync(id, cancellationToken);
        if (set is null)
        {
            return Layout.Page(context, "/sets", $"{tier}/{name}", Html.Of($"""<p class="error">{Errors.SetNotFound($"{tier}/{name}").Message}</p>"""), StatusCodes.Status404NotFound);
        }

        if (set.Manifest is not { } manifest)
        {
            return Layout.Page(context, "/sets", set.Id.ToString(), Html.Of($"""<p class="error">Its manifest cannot be read: {set.Problem}</p>"""));
        }

        var dumps = manifest.Databases.Concat(manifest.Globals is { } globals ? [globals] : []).Select(d => Html.Of($"""
            <tr data-dump="{d.Name}">
              <td><strong>{d.Name}</strong><br><span class="mono muted">{d.File}</span></td>
              <td>{Widgets.Badge(d.Status == DumpStatus.Ok ? "ok" : "failed", d.Status.ToString().ToLowerInvariant())}{(d.Error is { } error ? Html.Of($"""<br><span class="muted">{error}</span>""") : Markup.Empty)}</td>
              <td class="num">{Format.Bytes(d.Bytes)}</td><td class="num hide-narrow">{Format.Bytes(d.RawBytes)}</td>
              <td class="num">{Format.Duration(TimeSpan.FromMilliseconds(d.DurationMs))}</td>
              <td class="num hide-narrow">{d.Tables.Count} tables, {d.Tables.Values.Sum()} rows</td>
              <td class="mono hide-narrow" title="{d.Sha256}">{(d.Sha256 is { Length: > 12 } sha ? sha[..12] + "…" : d.Sha256)}{(d.Encryption is null ? "" : " (age)")}</td>
            </tr>
            """)).ToList();
        var good = manifest.Databases.Where(d => d.Status == DumpStatus.Ok).ToList();
        var restore = target is not null
            ? Html.Of($"""<p class="muted">To restore a copy on a target, use <code>hourglass restore {set.Id} --target {target} --db NAME --into NEW</code>.</p>""")
            : good.Count == 0 ? Html.Of($"""<p class="muted">This set holds no good dump to restore.</p>""")
            : Html.Of($"""
                <form class="restore" method="post" action="/api/v1/restores" data-action="/api/v1/restores">
                  <input type="hidden" name="set" value="{set.Id}">
                  <label>Dump of <select name="database">{Html.Join(good, d => Html.Of($"""<option value="{d.Name}">{d.Name}</option>"""))}</select></label>
                  <label>Into new database <input name="into" required placeholder="restored_copy" autocomplete="off" pattern="[^\s].*"></label>
                  <button type="submit">Restore into new database</button>
                </form>
                <p class="muted">Refused when that database exists and is not empty: the web never replaces a database (<code>hourglass restore --force</code> does).</p>
                """);
        return Layout.Page(context, "/sets", set.Id.ToString(), Html.Of($"""
            <section>
              <dl class="facts" id="set" data-status="{manifest.Status.ToString().ToLowerInvariant()}">
                <dt>Where</dt><dd>{(target is null ? "backup root" : $"target {target}")}: <span class="mono">{set.Location}</span></dd>
                <dt>Status</dt><dd>{Widgets.Badge(manifest.Status == SetStatus.Complete ? "ok" : "partial", manifest.Status.ToString().ToLowerInvariant())}</dd>
                <dt>Taken</dt><dd>{Widgets.Time(manifest.StartedAt)} to {Widgets.Time(manifest.FinishedAt)} on {manifest.Node}</dd>
                <dt>Server</dt><dd>{manifest.Server.Host}:{manifest.Server.Port} (PostgreSQL {manifest.Server.Version}, pg_dump {manifest.PgDump})</dd>
                <dt>Size</dt><dd>{Format.Bytes(set.Bytes)}</dd>
              </dl>
            </section>
            <section><h2>Dumps</h2>{Widgets.Table(["Database", "Status", "#Size", "#Raw", "#Took", "#Content", "SHA-256"], dumps, "No dumps.", id: "dumps")}</section>
            <section><h2>Verification</h2>{Verification(manifest.Verification)}</section>
            <section><h2>Restore into a new database</h2>{restore}</section>
            """));
    }

    private static Markup Verification(SetVerification? verification) => verification is null
        ? Html.Of($"""<p class="muted">Not verified yet: "Verify now" on the overview, or <code>hourglass verify --restore</code>.</p>""")
        : Html.Of($"""
            <p>{Widgets.Badge(verification.Status == VerificationStatus.Passed ? "passed" : "failed", verification.Status.ToString().ToLowerInvariant())}
            {(verification.Restore ? "by a test restore" : "by checksums only")}, {Widgets.Time(verification.At)} on {verification.Node}</p>
            {Html.If(verification.Problems.Count > 0, Html.Of($"""<ul class="error">{Html.Join(verification.Problems, p => Html.Of($"<li>{p}</li>"))}</ul>"""))}
            {Widgets.Table(["File", "#Tables compared", "#Rows compared", "#Took", "Problems"], verification.Files.Select(f => Html.Of($"""
                <tr><td class="mono">{f.File}</td><td class="num">{f.TablesCompared}</td><td class="num">{f.RowsCompared}</td>
                <td class="num">{Format.Duration(TimeSpan.FromMilliseconds(f.DurationMs))}</td><td>{string.Join("; ", f.Problems)}</td></tr>
                """)).ToList(), "No files checked.")}
            """);
}
