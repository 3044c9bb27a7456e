using Npgsql;

[assembly: AssemblyFixture(typeof(Hourglass.IntegrationTests.Infrastructure.PostgresCluster))]

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// One private PostgreSQL cluster for the whole run. ./test.sh starts it (scripts/pg-cluster.sh) and passes it in
/// HOURGLASS_TEST_PG* variables; run on their own, the tests start one the same way and stop it at the end.
/// Each test creates its own uniquely named databases. The fault campaign starts a cluster of its own
/// (<see cref="StartPrivateAsync"/>), which it restarts, halts and resumes.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private string? _ownedFolder;
    private IReadOnlyDictionary<string, string>? _serverEnvironment;
    private int _counter;

    public string Host { get; private set; } = "";

    public int Port { get; private set; }

    public string User { get; private set; } = "";

    public string Password { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var settings = Environment.GetEnvironmentVariable("HOURGLASS_TEST_PGPORT") is { Length: > 0 }
            ? new Dictionary<string, string>
            {
                ["PGHOST"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_PGHOST") ?? "127.0.0.1",
                ["PGPORT"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_PGPORT")!,
                ["PGUSER"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_PGUSER") ?? "postgres",
                ["PGPASSWORD"] = Environment.GetEnvironmentVariable("HOURGLASS_TEST_PGPASSWORD") ?? "",
            }
            : await StartOwnClusterAsync();
        Use(settings);

        // Child processes (pg_dump, psql, the CLI) find the cluster through libpq's variables unless a test says otherwise.
        foreach (var (name, value) in Libpq)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>libpq's variables for this cluster, for a child process that must reach it rather than the shared one.</summary>
    public IReadOnlyDictionary<string, string?> Libpq => new Dictionary<string, string?>
    {
        ["PGHOST"] = Host,
        ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PGUSER"] = User,
        ["PGPASSWORD"] = Password,
    };

    /// <summary>
    /// A cluster of the caller's own, on its own port and data, stopped and removed when disposed. The server runs
    /// with <paramref name="serverEnvironment"/> added to its environment (the fault campaign's fake clock), also
    /// when it is restarted or resumed.
    /// </summary>
    public static async Task<PostgresCluster> StartPrivateAsync(IReadOnlyDictionary<string, string>? serverEnvironment = null)
    {
        var cluster = new PostgresCluster { _serverEnvironment = serverEnvironment };
        cluster.Use(await cluster.StartOwnClusterAsync());
        return cluster;
    }

    /// <summary><c>pg_ctl restart -m fast</c>: every session is cut, and the server is back when this returns.</summary>
    public Task RestartAsync() => RunScriptAsync("restart", OwnedFolder);

    /// <summary><c>pg_ctl stop -m fast</c>, keeping the data: nothing answers on the port until <see cref="ResumeAsync"/>.</summary>
    public Task HaltAsync() => RunScriptAsync("halt", OwnedFolder);

    /// <summary>Starts a halted cluster again on the same port.</summary>
    public Task ResumeAsync() => RunScriptAsync("resume", OwnedFolder);

    private string OwnedFolder => _ownedFolder ?? throw new InvalidOperationException("only a cluster this run started can be restarted");

    private void Use(Dictionary<string, string> settings)
    {
        Host = settings["PGHOST"];
        Port = int.Parse(settings["PGPORT"], System.Globalization.CultureInfo.InvariantCulture);
        User = settings["PGUSER"];
        Password = settings["PGPASSWORD"];
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownedFolder is not null)
        {
            await RunScriptAsync("stop", _ownedFolder);
        }
    }

    /// <summary>Creates an empty database named <paramref name="prefix"/> plus a unique suffix, and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 14)];
        await ExecuteAsync("postgres", $"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\" TEMPLATE template0", cancellationToken);
        return name;
    }

    /// <summary>Creates a uniquely named database and runs <paramref name="sql"/> in it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, string sql, CancellationToken cancellationToken)
    {
        var name = await CreateDatabaseAsync(prefix, cancellationToken);
        await ExecuteAsync(name, sql, cancellationToken);
        return name;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Username = User, Password = Password, Database = database, Pooling = false, CommandTimeout = 300,
    }.ConnectionString;

    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<T> ScalarAsync<T>(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> DatabaseExistsAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<Dictionary<string, string>> StartOwnClusterAsync()
    {
        _ownedFolder = Path.Combine(Path.GetTempPath(), $"hourglass-pg-{Guid.NewGuid():N}"[..24]);
        return Scripts.Settings(await RunScriptAsync("start", _ownedFolder));
    }

    private Task<string> RunScriptAsync(string action, string folder) =>
        Scripts.RunAsync("pg-cluster.sh", action, folder, "the private PostgreSQL cluster",
            "Install the server (apt-get install postgresql) or run ./test.sh, which does.", _serverEnvironment);
}
