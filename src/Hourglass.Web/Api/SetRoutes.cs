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
            var sets = target is null ? await LocalSetsAsync(snapshot, store, tier, cancellationToken) : await store.ListSetsAsync(tier, cancellationToken);
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

    /// <summary>
    /// The backup root's sets of <paramref name="tier"/> (or all) from the snapshot; listed from the store when the
    /// snapshot cannot be taken (its status needs the ledger, and listing sets does not, as <c>list</c> shows).
    /// </summary>
    private static async Task<IReadOnlyList<StoredSet>> LocalSetsAsync(EngineSnapshot snapshot, ISetStore local, string? tier, CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await snapshot.CurrentAsync(cancellationToken)).Sets.Where(s => tier is null || s.Id.Tier == tier)];
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException)
        {
            return await local.ListSetsAsync(tier, cancellationToken);
        }
    }

    /// <summary>The error for a target that is not configured, or null.</summary>
    private static HourglassException? Unknown(string? target, SetStores stores) =>
        target is null || stores.Targets.Any(t => t.Name == target) ? null : Errors.UnknownTarget(target, stores.Targets.Select(t => t.Name));
}
