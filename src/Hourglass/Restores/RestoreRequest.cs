using Hourglass.Storage;
namespace Hourglass.Restores;

/// <summary>Which dump to restore, and where.</summary>
/// <param name="Set">A set id (<c>hourly/backup_…</c>, or <c>backup_…</c>), or <c>latest</c>.</param>
/// <param name="Database">The database whose dump to restore.</param>
/// <param name="Into">The database to restore into; default <paramref name="Database"/>.</param>
/// <param name="Force">Replace a non-empty target.</param>
/// <param name="Tier">Limits <c>latest</c> and bare set names to one tier.</param>
/// <param name="Globals">Apply the set's roles and tablespaces first.</param>
/// <param name="Target">Restore from this target's copy instead of the local root (streamed, nothing downloaded to disk first).</param>
/// <param name="Jobs">Connections to load over: 1 loads through one psql in a single transaction; more load the data
/// and build the indexes and constraints side by side (at most 64). Default: the number of processors, at most 8.</param>
/// <param name="Selection">What of the dump to restore (<see cref="RestoreSelection"/>); default all of it.</param>
public sealed record RestoreRequest(string Set, string Database, string? Into = null, bool Force = false, string? Tier = null, bool Globals = false, string? Target = null, int? Jobs = null, RestoreSelection? Selection = null)
{
    /// <summary>The word that selects the newest good dump.</summary>
    public const string Latest = "latest";
}

/// <summary>What a restore did.</summary>
public sealed record RestoreOutcome(string SetId, string Database, string Target, int Tables, long Rows, TimeSpan Duration, bool Replaced, IReadOnlyList<string> Warnings);
