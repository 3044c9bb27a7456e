namespace Hourglass.Configuration;

/// <summary>
/// How to reach PostgreSQL. Each absent key falls back to libpq's variable (<c>PGHOST</c>, <c>PGPORT</c>, <c>PGUSER</c>),
/// then to <c>localhost</c>, 5432 and <c>postgres</c>. A password is never a config value: it comes from
/// <see cref="PasswordFile"/>, <c>PGPASSWORD</c> or a pgpass file (<c>PGPASSFILE</c>, <c>~/.pgpass</c>).
/// </summary>
public sealed class ConnectionOptions
{
    /// <summary>Host name, IP address, or a Unix-socket folder (starting with <c>/</c>).</summary>
    public string? Host { get; set; }

    /// <summary>TCP port, or the socket file's number.</summary>
    public int? Port { get; set; }

    /// <summary>The role Hourglass connects as.</summary>
    public string? Username { get; set; }

    /// <summary>A file whose first line is the password (a Docker or systemd secret, for example).</summary>
    public string? PasswordFile { get; set; }
}
