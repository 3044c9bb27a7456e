namespace Hourglass.Storage;

/// <summary>
/// One set as the API's <c>/api/v1/sets/{tier}/{name}</c> returns it: where it is, what its files take, and its whole
/// manifest as <c>manifest.json</c> holds it (with the last verification), or the problem that makes the manifest
/// unreadable. Add fields; never rename or remove them.
/// </summary>
/// <param name="Id">The set's id, <c>{tier}/backup_YYYYMMDD_HHMMSS</c>.</param>
/// <param name="Target">The target it was read from; null for the local backup root.</param>
/// <param name="Location">Where it is, for people (a folder, or an object prefix).</param>
/// <param name="Bytes">What its files take in the store.</param>
/// <param name="Problem">Why <paramref name="Manifest"/> is null.</param>
/// <param name="Manifest">The manifest, its verification included; null when unreadable.</param>
public sealed record SetDetailDocument(string Id, string? Target, string Location, long Bytes, string? Problem, Manifest? Manifest)
{
    /// <summary>The document for <paramref name="set"/>, read from <paramref name="target"/> (null for the local root).</summary>
    public static SetDetailDocument From(StoredSet set, string? target) =>
        new(set.Id.ToString(), target, set.Location, set.Bytes, set.Problem, set.Manifest);
}
