using Npgsql;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// A login role of one test's own, for its restores. PostgreSQL makes the role that creates a database its owner, so
/// the staging databases (<c>hourglass_restore_…</c>) this test's restores create can be told apart from those of
/// restores other test classes run on the shared cluster at the same time, without counting databases globally.
/// A superuser, as restoring a dump's <c>OWNER TO</c> lines needs; its password is the cluster's (the children find
/// it in <c>PGPASSWORD</c>).
/// </summary>
internal sealed record RestoreLogin(string Name)
{
    public static async Task<RestoreLogin> CreateAsync(PostgresCluster cluster, CancellationToken cancellationToken)
    {
        var name = $"hg_restorer_{Guid.NewGuid():N}"[..28];
        await cluster.ExecuteAsync("postgres", $"CREATE ROLE {name} LOGIN SUPERUSER PASSWORD '{cluster.Password.Replace("'", "''", StringComparison.Ordinal)}'", cancellationToken);
        return new RestoreLogin(name);
    }

    /// <summary>The environment that makes a CLI run connect as this role.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["HOURGLASS__Connection__Username"] = Name };

    /// <summary>The staging databases that restores run as this role created and that still exist.</summary>
    public async Task<IReadOnlyList<string>> StagingDatabasesAsync(PostgresCluster cluster, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            @"SELECT datname FROM pg_database WHERE datname LIKE 'hourglass\_restore\_%' AND datdba = (SELECT oid FROM pg_roles WHERE rolname = $1) ORDER BY 1",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Name });
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>The server sessions logged in as this role, each as <c>database: state</c>.</summary>
    public async Task<IReadOnlyList<string>> SessionsAsync(PostgresCluster cluster, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT coalesce(datname, '-') || ': ' || coalesce(state, '-') FROM pg_stat_activity WHERE usename = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Name });
        var sessions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(reader.GetString(0));
        }

        return sessions;
    }
}
