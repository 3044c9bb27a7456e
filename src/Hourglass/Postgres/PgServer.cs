using Npgsql;

namespace Hourglass.Postgres;

/// <summary>What a backup records about the server it dumped.</summary>
internal sealed record ServerFacts(string Version, bool IsSuperuser);

/// <summary>
/// The few statements Hourglass itself runs, through Npgsql: probing the server, and creating, emptiness-checking,
/// renaming and dropping databases for restores. Administrative statements run on the <c>postgres</c> database
/// (or <c>template1</c> where that is missing), never on the database they change.
/// </summary>
internal sealed class PgServer(PgConnectionSettings settings)
{
    private static readonly string[] MaintenanceDatabases = ["postgres", "template1"];

    /// <summary>The first key of Hourglass's advisory locks ("HGRS"), apart from other applications' locks on the same server.</summary>
    private const int HoldClass = 0x48475253;

    /// <summary>The schemas a dump can hold: everything but the catalogs, TOAST and temporary schemas.</summary>
    private const string UserNamespaces = """
        WITH user_ns AS (
            SELECT oid, nspname FROM pg_namespace
            WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\_toast%' AND nspname NOT LIKE 'pg\_temp\_%')

        """;

    /// <summary>The server's version and whether we connect as a superuser, read through <paramref name="database"/>.</summary>
    public async Task<ServerFacts> ProbeAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('server_version'), rolsuper FROM pg_roles WHERE rolname = current_user", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var version = reader.GetString(0).Split(' ')[0];
        return new ServerFacts(version, reader.GetBoolean(1));
    }

    public async Task<bool> DatabaseExistsAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenMaintenanceAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// True when the database holds nothing a restore could collide with or destroy: no user schemas beyond an empty
    /// <c>public</c>, no relations, functions, types or extensions besides plpgsql.
    /// </summary>
    public async Task<bool> IsEmptyAsync(string database, CancellationToken cancellationToken)
    {
        const string sql = UserNamespaces + """
            SELECT NOT (
                EXISTS (SELECT 1 FROM user_ns WHERE nspname <> 'public')
                OR EXISTS (SELECT 1 FROM pg_class WHERE relnamespace IN (SELECT oid FROM user_ns))
                OR EXISTS (SELECT 1 FROM pg_proc WHERE pronamespace IN (SELECT oid FROM user_ns))
                OR EXISTS (SELECT 1 FROM pg_type WHERE typnamespace IN (SELECT oid FROM user_ns) AND typrelid = 0 AND typcategory <> 'A')
                OR EXISTS (SELECT 1 FROM pg_extension WHERE extname <> 'plpgsql'))
            """;
        await using var connection = await OpenAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Creates an empty database from template0, as PostgreSQL's docs advise for restoring a plain dump.</summary>
    public Task CreateDatabaseAsync(string database, CancellationToken cancellationToken) =>
        ExecuteMaintenanceAsync($"CREATE DATABASE {ConnInfo.Identifier(database)} TEMPLATE template0", cancellationToken);

    /// <summary>Drops a database, ending its sessions first (PostgreSQL 13+).</summary>
    public Task DropDatabaseAsync(string database, CancellationToken cancellationToken) =>
        ExecuteMaintenanceAsync($"DROP DATABASE IF EXISTS {ConnInfo.Identifier(database)} WITH (FORCE)", cancellationToken);

    /// <summary>Ends every other session connected to <paramref name="database"/>, as <c>DROP DATABASE … WITH (FORCE)</c> does.</summary>
    public async Task EndSessionsAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenMaintenanceAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Lets sessions connect to <paramref name="database"/>, or keeps new ones out (those already in stay).</summary>
    public Task AllowConnectionsAsync(string database, bool allow, CancellationToken cancellationToken) =>
        ExecuteMaintenanceAsync($"ALTER DATABASE {ConnInfo.Identifier(database)} ALLOW_CONNECTIONS {(allow ? "true" : "false")}", cancellationToken);

    /// <summary>Renames a database; PostgreSQL refuses while other sessions are connected to it (after waiting a few seconds for ending ones to go).</summary>
    public Task RenameDatabaseAsync(string from, string to, CancellationToken cancellationToken) =>
        ExecuteMaintenanceAsync($"ALTER DATABASE {ConnInfo.Identifier(from)} RENAME TO {ConnInfo.Identifier(to)}", cancellationToken);

    /// <summary>
    /// Opens a session that holds a lock named for <paramref name="database"/> until it is disposed: a session-level
    /// advisory lock, which the server releases when the session ends however its process ended.
    /// </summary>
    public async Task<NpgsqlConnection> HoldAsync(string database, CancellationToken cancellationToken)
    {
        var connection = await OpenMaintenanceAsync(cancellationToken);
        try
        {
            // The session sits idle while the restore runs: a server's idle_session_timeout (PostgreSQL 14+) must not
            // end it, or its lock would be free and another restore would take the live staging database for a leftover.
            await using var command = new NpgsqlCommand(
                "SELECT CASE WHEN current_setting('server_version_num')::int >= 140000 THEN set_config('idle_session_timeout', '0', false) END, pg_advisory_lock($1, hashtext($2))",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = HoldClass });
            command.Parameters.Add(new NpgsqlParameter { Value = database });
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Drops <paramref name="database"/> unless a session holds its lock (<see cref="HoldAsync"/>); true when it was dropped.</summary>
    public async Task<bool> DropUnlessHeldAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = await OpenMaintenanceAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, hashtext($2))", connection))
        {
            take.Parameters.Add(new NpgsqlParameter { Value = HoldClass });
            take.Parameters.Add(new NpgsqlParameter { Value = database });
            if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
            {
                return false;
            }
        }

        // Held by this session until it closes, so no restore can take the name while it is dropped.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {ConnInfo.Identifier(database)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }

    /// <summary>The databases whose names start with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> DatabasesStartingWithAsync(string prefix, CancellationToken cancellationToken)
    {
        await using var connection = await OpenMaintenanceAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, $1) ORDER BY datname", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = prefix });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Rows in <paramref name="table"/>, or null when the database has no such table.</summary>
    public async Task<long?> CountRowsAsync(string database, QualifiedName table, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table.Quoted}", connection);
        try
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    /// <summary>The user objects of a database by kind: tables, views, functions, sequences, indexes.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountObjectsAsync(string database, CancellationToken cancellationToken)
    {
        const string sql = UserNamespaces + """
            SELECT
                (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM user_ns) AND relkind IN ('r', 'p')),
                (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM user_ns) AND relkind IN ('v', 'm')),
                (SELECT count(*) FROM pg_proc WHERE pronamespace IN (SELECT oid FROM user_ns)),
                (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM user_ns) AND relkind = 'S'),
                (SELECT count(*) FROM pg_class WHERE relnamespace IN (SELECT oid FROM user_ns) AND relkind IN ('i', 'I'))
            """;
        await using var connection = await OpenAsync(database, cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["tables"] = reader.GetInt64(0),
            ["views"] = reader.GetInt64(1),
            ["functions"] = reader.GetInt64(2),
            ["sequences"] = reader.GetInt64(3),
            ["indexes"] = reader.GetInt64(4),
        };
    }

    private async Task ExecuteMaintenanceAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenMaintenanceAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<NpgsqlConnection> OpenMaintenanceAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await OpenAsync(MaintenanceDatabases[0], cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            return await OpenAsync(MaintenanceDatabases[1], cancellationToken);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(string database, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(settings.NpgsqlConnectionString(database));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
