using Hourglass.Configuration;
using Hourglass.Storage;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// <c>/sets?tier=&amp;target=</c>: the sets of the backup root (from the snapshot) or of a target (listed there), per
/// tier, newest first, with their status, size and last verification.
/// </summary>
internal static class SetsPage
{
    private const int Limit = 200;

    public static async Task<IResult> RenderAsync(HttpContext context, EngineSnapshot snapshot, SetStores stores, TierList tiers, TargetList targets)
    {
        var cancellationToken = context.RequestAborted;
        string? tier = context.Request.Query["tier"];
        string? target = context.Request.Query["target"];
        tier = tiers.Any(t => t.Name == tier) ? tier : null;
        target = targets.Any(t => t.Name == target) ? target : null;

        IReadOnlyList<StoredSet> sets;
        string? problem = null;
        try
        {
            sets = target is null
                ? [.. (await snapshot.CurrentAsync(cancellationToken)).Sets.Where(s => tier is null || s.Id.Tier == tier)]
                : await stores.For(target).ListSetsAsync(tier, cancellationToken);
        }
        catch (HourglassException e)
        {
            (sets, problem) = ([], e.Message);
        }

        string Link(string? t, string? g) => "/sets" + QueryString.Create(new KeyValuePair<string, string?>[] { new("tier", t), new("target", g) }.Where(p => p.Value is not null));
        var tabs = Html.Of($"""
            <nav class="tabs" aria-label="Where">{Tab(Link(tier, null), "Backup root", target is null)}{Html.Join(targets, g => Tab(Link(tier, g.Name), $"Target {g.Name}", target == g.Name))}</nav>
            <nav class="tabs" aria-label="Tier">{Tab(Link(null, target), "All tiers", tier is null)}{Html.Join(tiers, t => Tab(Link(t.Name, target), t.Name, tier == t.Name))}</nav>
            """);
        var rows = sets.Take(Limit).Select(set => Html.Of($"""
            <tr data-set="{set.Id}">
              <td><a class="mono" href="/sets/{set.Id}{(target is null ? "" : $"?target={Uri.EscapeDataString(target)}")}">{set.Id}</a></td>
              <td>{Widgets.Time(set.Manifest?.StartedAt ?? set.Id.StartedAt)}</td>
              <td>{Widgets.Badge(set.Manifest is null ? "bad" : set.Manifest.Status == SetStatus.Complete ? "ok" : "partial", set.Manifest?.Status.ToString().ToLowerInvariant() ?? "unreadable")}</td>
              <td class="num">{Format.Bytes(set.Bytes)}</td>
              <td class="num hide-narrow">{set.Manifest?.Databases.Count(d => d.Status == DumpStatus.Ok) ?? 0}/{set.Manifest?.Databases.Count ?? 0}</td>
              <td>{(set.Manifest?.Verification is { } v ? Widgets.Badge(v.Status == VerificationStatus.Passed ? "passed" : "failed", $"{v.Status.ToString().ToLowerInvariant()}{(v.Restore ? " (restore)" : " (checksums)")}") : Html.Of($"""<span class="muted">not verified</span>"""))}</td>
            </tr>
            """)).ToList();
        return Layout.Page(context, "/sets", "Sets", Html.Of($"""
            {tabs}
            {Html.If(problem is not null, Html.Of($"""<p class="error">{problem}</p>"""))}
            <section>{Widgets.Table(["Set", "Started", "Status", "#Size", "#Dumps ok", "Verification"], rows, "No sets here yet.", id: "sets")}
            {Html.If(sets.Count > Limit, Html.Of($"""<p class="muted">The newest {Limit} of {sets.Count} sets; <code>hourglass list</code> shows all.</p>"""))}</section>
            """));
    }

    private static Markup Tab(string href, string label, bool current) =>
        Html.Of($"""<a href="{href}"{(current ? new Markup(" aria-current=\"page\"") : Markup.Empty)}>{label}</a>""");
}
