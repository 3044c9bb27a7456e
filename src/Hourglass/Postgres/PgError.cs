using Npgsql;

namespace Hourglass.Postgres;

/// <summary>
/// Turns what libpq, pg_dump, psql and Npgsql say into one line with a fix: "password authentication failed for
/// user "backup": check connection.passwordFile, PGPASSWORD or your pgpass file".
/// </summary>
internal static class PgError
{
    /// <summary>Describes a client program's failure from its last standard-error lines and exit code.</summary>
    public static string Describe(string tool, IReadOnlyList<string> errorLines, int exitCode)
    {
        var lines = errorLines.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        // The error line itself, not the DETAIL, HINT or LINE lines that follow it.
        var error = lines.LastOrDefault(l => l.Contains("error:", StringComparison.Ordinal) || l.Contains("ERROR:", StringComparison.Ordinal) || l.Contains("FATAL:", StringComparison.Ordinal))
            ?? lines.LastOrDefault();
        if (error is null)
        {
            return exitCode > 128
                ? $"{tool} was killed (signal {exitCode - 128}) before it finished"
                : $"{tool} exited with code {exitCode} without saying why";
        }

        return WithFix(Clean(error, tool));
    }

    /// <summary>Describes an Npgsql failure the same way; <paramref name="where"/> names the server for errors about reaching it.</summary>
    public static string Describe(Exception exception, string where) => exception switch
    {
        PostgresException pg => WithFix(pg.MessageText),
        NpgsqlException { InnerException: System.Net.Sockets.SocketException socket } => WithFix($"{socket.Message} (at {where})"),
        NpgsqlException { InnerException: TimeoutException } => "timed out connecting: check connection.host and connection.port, and that PostgreSQL is running",
        NpgsqlException npgsql => WithFix(npgsql.Message),
        _ => exception.Message,
    };

    /// <summary>The SQLSTATE of the last error a psql run with <c>VERBOSITY=verbose</c> printed (<c>ERROR:  22012: division by zero</c>), or null.</summary>
    public static string? SqlState(IReadOnlyList<string> errorLines)
    {
        foreach (var line in errorLines.Reverse())
        {
            var at = line.IndexOf("ERROR:", StringComparison.Ordinal);
            if (at >= 0 && SqlStateAt(line.AsSpan(at + "ERROR:".Length).TrimStart()) is { } state)
            {
                return state;
            }
        }

        return null;
    }

    /// <summary>
    /// True when an error is the server's or the environment's trouble rather than something wrong with the SQL it
    /// ran: a lost connection (class 08), out of disk or memory (53), a shutdown (57), an I/O error (58), an internal
    /// error (XX), or a missing privilege (42501). A test restore that meets one of these could not run; it has found
    /// nothing about the dump.
    /// </summary>
    public static bool IsServerTrouble(string? sqlState) =>
        sqlState is not null && (sqlState is "42501" || sqlState[..2] is "08" or "53" or "57" or "58" or "XX");

    private static string? SqlStateAt(ReadOnlySpan<char> text) =>
        text.Length > 6 && text[5] == ':' && text[..5].ToString().All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)) ? text[..5].ToString() : null;

    private static string Clean(string line, string tool)
    {
        var text = line;
        foreach (var prefix in new[] { tool + ": error: ", tool + ": ", "psql:<stdin>:" })
        {
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                text = text[prefix.Length..];
            }
        }

        var failed = text.IndexOf(" failed: ", StringComparison.Ordinal);
        if (text.StartsWith("connection to server", StringComparison.Ordinal) && failed > 0)
        {
            // Keep where for errors about reaching the server; drop it where the server itself answered.
            var where = text["connection to server ".Length..failed];
            text = text[(failed + " failed: ".Length)..];
            if (!text.Contains("FATAL:", StringComparison.Ordinal))
            {
                text = $"{text.TrimEnd('.')} ({where})";
            }
        }

        foreach (var marker in new[] { "FATAL:", "ERROR:" })
        {
            var at = text.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                text = text[(at + marker.Length)..];
            }
        }

        // A verbose error names its SQLSTATE first; the message is for people.
        text = text.Trim();
        return SqlStateAt(text) is not null ? text[6..].Trim() : text;
    }

    private static string WithFix(string message)
    {
        var fix = message switch
        {
            _ when message.Contains("password authentication failed", StringComparison.Ordinal) =>
                "check the password in connection.passwordFile, PGPASSWORD or your pgpass file",
            _ when message.Contains("no password supplied", StringComparison.Ordinal) =>
                "give a password through connection.passwordFile, PGPASSWORD or a pgpass file",
            _ when message.Contains("does not exist", StringComparison.Ordinal) && message.StartsWith("database", StringComparison.Ordinal) =>
                "create it, or remove it from the config's databases",
            _ when message.Contains("Connection refused", StringComparison.OrdinalIgnoreCase) =>
                "is PostgreSQL running there? check connection.host and connection.port",
            _ when message.Contains("permission denied", StringComparison.Ordinal) =>
                "grant the backup role access (or connect as the owner)",
            _ when message.Contains("server version mismatch", StringComparison.Ordinal) =>
                "install a client at least as new as the server (apt-get install postgresql-client-NN)",
            _ when message.Contains("no pg_hba.conf entry", StringComparison.Ordinal) =>
                "allow this host and user in the server's pg_hba.conf",
            _ => null,
        };
        return fix is null ? message : $"{message}: {fix}";
    }
}
