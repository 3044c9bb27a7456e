using Hourglass.Configuration;
using Hourglass.Storage;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hourglass.Web.Api;

/// <summary>
/// <c>sets</c> (as <c>list --json</c> prints it: the local root from the snapshot, a target by listing it) and one set
/// with its whole manifest (read from its store on each request: one small file).
/// </summary>
internal static class SetRoutes
{
    public static RouteGroupBuilder MapSetRoutes(this RouteGroupBuilder v1)
    {
        v1.MapGet("/sets", async (string? tier, string? target, string? db, EngineSnapshot snapshot, SetStores stores, CancellationToken cancellationToken) =>
        {
            if (tier is not null && !TierName.IsValid(tier))
            {
                throw Errors.BadQueryValue("tier", tier, "use a tier's name");
            }

            if (Unknown(target, stores) is { } unknown)
            {
                return ApiResults.NotFound(unknown);
            }

            var store = stores.For(target);
            var sets = target is null
                ? (await snapshot.CurrentAsync(cancellationToken)).Sets.Where(s => tier is null || s.Id.Tier == tier).ToList()
                : await store.ListSetsAsync(tier, cancellationToken);
            var held = SetQueries.Holding(sets, db).ToList();
            return ApiResults.Document(SetListDocument.From(store.Location, held, await store.FreeBytesAsync(cancellationToken), db) with { Target = target });
        });

        v1.MapGet("/sets/{tier}/{name}", async (string tier, string name, string? target, SetStores stores, CancellationToken cancellationToken) =>
        {
            if (Unknown(target, stores) is { } unknown)
            {
                return ApiResults.NotFound(unknown);
            }

            var id = SetId.TryParse($"{tier}/{name}", null);
            var set = id is null ? null : await stores.For(target).FindAsync(id, cancellationToken);
            return set is null
                ? ApiResults.NotFound(Errors.SetNotFound($"{tier}/{name}"))
                : ApiResults.Document(SetDetailDocument.From(set, target));
        });
        return v1;
    }

    /// <summary>The error for a target that is not configured, or null.</summary>
    private static HourglassException? Unknown(string? target, SetStores stores) =>
        target is null || stores.Targets.Any(t => t.Name == target) ? null : Errors.UnknownTarget(target, stores.Targets.Select(t => t.Name));
}
