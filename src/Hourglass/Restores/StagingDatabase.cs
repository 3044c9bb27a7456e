using Hourglass.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hourglass.Restores;

/// <summary>
/// The database a restore loads into before it takes the target's name, so that no database under the target's
/// name is ever half restored, whatever kills the restore. A live restore holds a lock named for its staging
/// database in a session of its own; the server releases it when that session ends, so a staging database whose
/// lock is free was left by a restore that did not finish, and the next restore drops it.
/// </summary>
internal sealed class StagingDatabase : IAsyncDisposable
{
    /// <summary>How every staging database's name starts.</summary>
    public const string Prefix = "hourglass_restore_";

    private readonly NpgsqlConnection _hold;

    private StagingDatabase(string name, NpgsqlConnection hold)
    {
        Name = name;
        _hold = hold;
    }

    /// <summary>The staging database's name: <see cref="Prefix"/> and 12 random hex digits.</summary>
    public string Name { get; }

    /// <summary>Takes the lock, then creates the database, so it is never unheld while its restore lives.</summary>
    public static async Task<StagingDatabase> CreateAsync(PgServer server, CancellationToken cancellationToken)
    {
        var name = Prefix + Guid.NewGuid().ToString("N")[..12];
        var hold = await server.HoldAsync(name, cancellationToken);
        try
        {
            await server.CreateDatabaseAsync(name, cancellationToken);
            return new StagingDatabase(name, hold);
        }
        catch
        {
            await hold.DisposeAsync();
            throw;
        }
    }

    /// <summary>Drops every staging database no live restore holds: what restores killed before they finished left behind.</summary>
    public static async Task DropAbandonedAsync(PgServer server, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var name in await server.DatabasesStartingWithAsync(Prefix, cancellationToken))
        {
            try
            {
                if (await server.DropUnlessHeldAsync(name, cancellationToken))
                {
                    logger.RestoreLeftoverDropped(name);
                }
            }
            catch (PostgresException e)
            {
                // Another role's leftover, say: not this restore's to drop, and no reason to stop it.
                logger.RestoreLeftoverKept(name, e.MessageText);
            }
        }
    }

    /// <summary>Releases the lock: once renamed, the database is no longer a staging one; otherwise the caller dropped it.</summary>
    public ValueTask DisposeAsync() => _hold.DisposeAsync();
}
