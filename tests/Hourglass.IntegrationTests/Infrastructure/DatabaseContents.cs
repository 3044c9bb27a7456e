using Npgsql;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// What a database holds, reduced to values two databases can be compared by: each table's and materialized view's
/// rows (count and an order-independent hash of their text), and each sequence's position. Two restores of one dump
/// must give equal contents, whatever order or connections they loaded it with.
/// </summary>
/// <param name="Relations">Each table's, partitioned table's and materialized view's rows, by quoted qualified name:
/// <c>"rows:md5"</c>, or <c>"not populated"</c> for a materialized view that was never refreshed.</param>
/// <param name="Sequences">Each sequence's <c>last_value</c> and <c>is_called</c>, by quoted qualified name.</param>
internal sealed record DatabaseContents(SortedDictionary<string, string> Relations, SortedDictionary<string, string> Sequences)
{
    private const string UserRelations = """
        SELECT format('%I.%I', n.nspname, c.relname), c.relkind::text, c.relispopulated
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind::text = ANY(@kinds) AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
        ORDER BY 1
        """;

    /// <summary>Reads every user table (ordinary and partitioned), materialized view and sequence of <paramref name="database"/>.</summary>
    public static async Task<DatabaseContents> ReadAsync(PostgresCluster cluster, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        var relations = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var sequences = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, kind, populated) in await ListAsync(connection, ["r", "p", "m", "S"], cancellationToken))
        {
            if (kind == "S")
            {
                sequences[name] = await ScalarAsync(connection, $"SELECT last_value::text || ' called=' || is_called::text FROM {name}", cancellationToken);
            }
            else
            {
                relations[name] = kind == "m" && !populated
                    ? "not populated"
                    : await ScalarAsync(connection, $"SELECT count(*)::text || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"), '')) FROM {name} t", cancellationToken);
            }
        }

        return new DatabaseContents(relations, sequences);
    }

    /// <summary>
    /// The quoted qualified names of <paramref name="database"/>'s user relations of these <c>relkind</c>s
    /// (<c>r</c> table, <c>p</c> partitioned table, <c>v</c> view, <c>m</c> materialized view, <c>S</c> sequence).
    /// </summary>
    public static async Task<IReadOnlyList<string>> RelationsAsync(PostgresCluster cluster, string database, string kinds, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        return [.. (await ListAsync(connection, [.. kinds.Select(k => k.ToString())], cancellationToken)).Select(r => r.Name)];
    }

    /// <summary>Each ordinary table's row count, by quoted qualified name.</summary>
    public static async Task<SortedDictionary<string, long>> RowCountsAsync(PostgresCluster cluster, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, _, _) in await ListAsync(connection, ["r"], cancellationToken))
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {name}", connection);
            counts[name] = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return counts;
    }

    private static async Task<List<(string Name, string Kind, bool Populated)>> ListAsync(NpgsqlConnection connection, string[] kinds, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UserRelations, connection);
        command.Parameters.AddWithValue("kinds", kinds);
        var found = new List<(string, string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        return found;
    }

    private static async Task<string> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
