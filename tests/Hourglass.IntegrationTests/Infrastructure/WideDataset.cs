namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>The benchmark's "wide" dataset (bench/wide.sql): 8 related tables with secondary indexes and foreign keys.</summary>
internal static class WideDataset
{
    /// <summary>Loads bench/wide.sql with <paramref name="rows"/> rows per table into a new database, then <paramref name="extraSql"/>; returns its name.</summary>
    public static async Task<string> CreateAsync(PostgresCluster cluster, string prefix, int rows, string? extraSql, CancellationToken cancellationToken)
    {
        var database = await cluster.CreateDatabaseAsync(prefix, cancellationToken);
        await Tools.RunAsync(
            "psql", cluster.Libpq, cancellationToken, "-X", "-q", "-v", $"rows={rows}", "-v", "ON_ERROR_STOP=1",
            "-d", Hourglass.Postgres.ConnInfo.DbName(database), "-f", Path.Combine(Repository.Root, "bench", "wide.sql"));
        if (extraSql is not null)
        {
            await cluster.ExecuteAsync(database, extraSql, cancellationToken);
        }

        return database;
    }
}
