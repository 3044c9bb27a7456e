using Hourglass.Postgres;
using Microsoft.Extensions.Logging;

namespace Hourglass.Restores;

/// <summary>
/// Gives a restored staging database the target's name: by a rename when the target does not exist, else by a swap
/// that keeps the old database until the new one has its name. The last step of every restore, and not cancellable:
/// stopping halfway is what it guards against.
/// </summary>
internal sealed class TargetSwap(PgServer server, PgConnectionSettings connection, ILogger logger)
{
    /// <summary>
    /// Puts <paramref name="staging"/> in <paramref name="target"/>'s place. <paramref name="exists"/>: the target
    /// exists; <paramref name="replace"/>: it was not empty (and <c>--force</c> said to replace it). Warnings (an old
    /// database that could not be dropped) go to <paramref name="warn"/>.
    /// </summary>
    public Task PutInPlaceAsync(string staging, string target, bool exists, bool replace, Action<string> warn) =>
        exists ? SwapAsync(staging, target, replace, warn) : RenameAsync(staging, target);

    /// <summary>
    /// Puts the restored <paramref name="staging"/> database in <paramref name="target"/>'s place. The old database is
    /// renamed aside first and dropped only once the new one has its name; when the new one cannot take it, the old
    /// one gets its name back. So at every step one whole copy is safe, and a failure leaves the target as it was.
    /// </summary>
    private async Task SwapAsync(string staging, string target, bool replace, Action<string> warn)
    {
        // A target that was empty at the start is replaced only while it still is: a person or an app may have
        // written to it meanwhile, and that is theirs. (Checked while it still takes connections: the window left is
        // the time from here to the rename.)
        if (!replace && !await StillEmptyAsync(target))
        {
            throw Errors.TargetWrittenDuringRestore(target);
        }

        var aside = $"hourglass_old_{Guid.NewGuid():N}"[..30];
        // Said before anything moves, so a crash between the renames leaves a trail to the original.
        logger.RestoreSwapping(target, aside, staging);
        try
        {
            // PostgreSQL renames only a database nobody is connected to. New sessions are kept out first, so an app's
            // pool cannot reconnect between ending the old sessions and the rename; --force ends them, as dropping did.
            await server.AllowConnectionsAsync(target, allow: false, CancellationToken.None);
            await server.EndSessionsAsync(target, CancellationToken.None);
            await server.RenameDatabaseAsync(target, aside, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            await ReopenAsync(target);
            throw Errors.ReplaceFailed(target, PgError.Describe(e, connection.ToString()), null);
        }

        try
        {
            await server.RenameDatabaseAsync(staging, target, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            var cause = PgError.Describe(e, connection.ToString());
            try
            {
                await server.RenameDatabaseAsync(aside, target, CancellationToken.None);
            }
            catch (Exception back) when (back is Npgsql.NpgsqlException or TimeoutException)
            {
                await ReopenAsync(aside);
                throw Errors.ReplaceFailed(target, cause, aside);
            }

            await ReopenAsync(target);
            throw Errors.ReplaceFailed(target, cause, null);
        }

        try
        {
            await server.DropDatabaseAsync(aside, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            warn($"the replaced database was kept as '{aside}' ({PgError.Describe(e, connection.ToString())}), closed to connections: drop it when you no longer need it");
        }
    }

    private async Task<bool> StillEmptyAsync(string target)
    {
        try
        {
            return await server.IsEmptyAsync(target, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw Errors.ReplaceFailed(target, PgError.Describe(e, connection.ToString()), null);
        }
    }

    /// <summary>Lets sessions into the original again after a swap that did not happen. Best effort: the error that stopped the swap is the one to report.</summary>
    private async Task ReopenAsync(string database)
    {
        try
        {
            await server.AllowConnectionsAsync(database, allow: true, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.RestoreWarning(database, $"could not let sessions into '{database}' again ({PgError.Describe(e, connection.ToString())}): run ALTER DATABASE … ALLOW_CONNECTIONS true");
        }
    }

    /// <summary>Gives the restored database the target's name. Not cancellable: the load is done, and this is one statement.</summary>
    private async Task RenameAsync(string staging, string target)
    {
        try
        {
            await server.RenameDatabaseAsync(staging, target, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw Errors.RestoreFailed(target, $"the restored database could not take the name '{target}' ({PgError.Describe(e, connection.ToString())})");
        }
    }
}
