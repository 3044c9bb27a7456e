using Hourglass.Configuration;
using Npgsql;

namespace Hourglass.Postgres;

/// <summary>
/// The resolved way to reach the server: config first, then libpq's variables, then libpq-like defaults.
/// The password travels only in child processes' environment and in Npgsql's in-memory connection string;
/// <see cref="ToString"/> and every message leave it out.
/// </summary>
internal sealed class PgConnectionSettings
{
    private readonly string? _password;

    private PgConnectionSettings(string host, int port, string username, string? password)
    {
        Host = host;
        Port = port;
        Username = username;
        _password = password;
    }

    public string Host { get; }

    public int Port { get; }

    public string Username { get; }

    /// <summary>Resolves the settings; <paramref name="environment"/> defaults to this process's variables.</summary>
    public static PgConnectionSettings Resolve(ConnectionOptions options, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = options.Host ?? NonEmpty(environment("PGHOST")) ?? "localhost";
        var port = options.Port ?? (int.TryParse(environment("PGPORT"), out var p) ? p : 5432);
        var user = options.Username ?? NonEmpty(environment("PGUSER")) ?? "postgres";
        var password = options.PasswordFile is { } file ? ReadPasswordFile(file) : NonEmpty(environment("PGPASSWORD"));
        return new PgConnectionSettings(host, port, user, password);
    }

    /// <summary>Variables for pg_dump, pg_dumpall and psql: how to connect, never on their command line.</summary>
    public IReadOnlyDictionary<string, string?> ChildEnvironment()
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PGHOST"] = Host,
            ["PGPORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["PGUSER"] = Username,
            ["PGAPPNAME"] = "hourglass",
            ["PGCONNECT_TIMEOUT"] = Environment.GetEnvironmentVariable("PGCONNECT_TIMEOUT") ?? "10",
            // Child processes must not pick up a database or service from the caller's environment.
            ["PGDATABASE"] = null,
            ["PGSERVICE"] = null,
        };
        if (_password is not null)
        {
            variables["PGPASSWORD"] = _password;
        }

        return variables;
    }

    /// <summary>An Npgsql connection string for <paramref name="database"/>. Unpooled, so a DROP DATABASE never waits on an idle connection.</summary>
    public string NpgsqlConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Username = Username,
        Password = _password,
        Database = database,
        ApplicationName = "hourglass",
        Pooling = false,
        Timeout = 10,
        CommandTimeout = 0,
    }.ConnectionString;

    /// <summary>Where and as whom, for messages: <c>127.0.0.1:5432 as postgres</c>.</summary>
    public override string ToString() => $"{Host}:{Port} as {Username}";

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string ReadPasswordFile(string path)
    {
        try
        {
            using var reader = new StreamReader(path);
            return reader.ReadLine() ?? "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Errors.Config(path, "the password file cannot be read: check its permissions (the user running hourglass needs read access)");
        }
    }
}
