using System.Security.Cryptography;
using System.Text;
using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// One connection of a parallel load: a <c>psql</c> that stops at the first error, fed one <see cref="LoadItem"/> at
/// a time. psql runs the dump's SQL exactly as a serial restore does (its COPY handling, its meta-commands, the
/// dump's encoding); after each item the worker sends a <c>SELECT</c> of a random per-load token and a sequence
/// number, and psql printing it back says that every statement before it has run. The token is made after the dump
/// was written, so nothing in a dump can forge it.
/// </summary>
internal sealed class LoadWorker : IAsyncDisposable
{
    /// <summary>Turns off <c>idle_session_timeout</c> where the server has it, and is a no-op before PostgreSQL 14.</summary>
    private const string NoIdleTimeout = "SELECT CASE WHEN current_setting('server_version_num')::int >= 140000 THEN set_config('idle_session_timeout', '0', false) END;\n";

    private readonly PgProcess _psql;
    private readonly string _target;
    private readonly string _token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly Task _reading;
    private readonly object _gate = new();
    private TaskCompletionSource? _pending;
    private long _sequence;
    private IReadOnlyList<string>? _settings;

    private LoadWorker(PgProcess psql, string target)
    {
        _psql = psql;
        _target = target;
        _reading = Task.Run(ReadMarkersAsync);
    }

    /// <summary>
    /// Starts a connection to <paramref name="database"/>. When the dump opened with psql's <c>\restrict</c> (pg_dump
    /// 15.14, 16.10, 17.6 and later), the connection enters that mode with a key of its own, so a dump's text cannot
    /// run psql meta-commands here either; <paramref name="target"/> names the restore in errors, and
    /// <paramref name="setup"/> (statements) runs first.
    /// </summary>
    public static async Task<LoadWorker> StartAsync(PgConnectionSettings connection, string database, string target, bool restricted, bool singleTransaction, string? setup, CancellationToken cancellationToken)
    {
        var psql = PgProcess.Start(PgClientTools.Psql, PgClientTools.LoadWorkerArguments(database, singleTransaction), connection.ChildEnvironment(), redirectStdin: true, drainStdout: false, cancellationToken);
        var worker = new LoadWorker(psql, target);
        try
        {
            // A session may sit idle while an item that runs alone takes long (a big matview refresh): a server's
            // idle_session_timeout (PostgreSQL 14+) must not end it. pg_dump's own settings follow with the dump.
            await worker.WriteAsync(Encoding.UTF8.GetBytes(NoIdleTimeout + (setup is null ? "" : setup + "\n")), cancellationToken);
            if (restricted)
            {
                await worker.WriteAsync(Encoding.UTF8.GetBytes($"\\restrict {Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}\n"), cancellationToken);
            }

            return worker;
        }
        catch
        {
            await worker.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="item"/> and returns once psql has run all of it; throws the load's one-line error when psql failed.</summary>
    public async Task RunAsync(LoadItem item, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long sequence;
        lock (_gate)
        {
            _pending = done;
            sequence = ++_sequence;
        }

        if (!ReferenceEquals(item.Settings, _settings))
        {
            // The settings the entry was written under (search_path, default_tablespace, …): each connection has its own.
            await WriteAsync(ScriptText.SettingsSql(item.Settings), cancellationToken);
            _settings = item.Settings;
        }

        foreach (var part in item.Parts)
        {
            await WriteAsync(part, cancellationToken);
        }

        await WriteAsync(Encoding.UTF8.GetBytes($"SELECT '{_token}:{sequence}';\n"), cancellationToken);
        await done.Task.WaitAsync(cancellationToken);
        if (!item.IsRows)
        {
            // An entry's text may end in the SET lines pg_dump writes for the entry after it, which can run elsewhere
            // or later: what this session's settings are now is no longer known, so the next item sets them again.
            _settings = null;
        }
    }

    /// <summary>Ends the session: psql sees the end of its input (committing, in a single transaction) and must exit cleanly.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        _psql.CloseInput();
        await _reading.WaitAsync(cancellationToken);
        var exitCode = await _psql.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw PsqlLoader.Failure(_psql, exitCode, _target);
        }
    }

    /// <summary>Writes to psql; when psql stopped reading, waits for it to end and throws its own error instead.</summary>
    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _psql.StandardInput.WriteAsync(bytes, cancellationToken);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            await _reading.WaitAsync(cancellationToken);
            throw await ExitedAsync(cancellationToken);
        }
    }

    /// <summary>Completes each item as its marker comes back; at psql's end, fails whatever still waits.</summary>
    private async Task ReadMarkersAsync()
    {
        using var output = new StreamReader(_psql.StandardOutput, Encoding.UTF8);
        var prefix = _token + ":";
        while (await output.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            lock (_gate)
            {
                if (_pending is not null && line.AsSpan(prefix.Length).SequenceEqual(_sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                {
                    _pending.TrySetResult();
                    _pending = null;
                }
            }
        }

        TaskCompletionSource? waiting;
        lock (_gate)
        {
            waiting = _pending;
            _pending = null;
        }

        if (waiting is not null)
        {
            HourglassException failure;
            try
            {
                failure = await ExitedAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // The process was disposed under us: the load is being torn down for another reason.
                failure = Errors.RestoreFailed(_target, "psql ended before its work was done");
            }

            waiting.TrySetException(failure);
        }
    }

    /// <summary>The error of a psql that ended before its work was done.</summary>
    private async Task<HourglassException> ExitedAsync(CancellationToken cancellationToken)
    {
        var exitCode = await _psql.WaitForExitAsync(cancellationToken);
        return PsqlLoader.Failure(_psql, exitCode == 0 ? 1 : exitCode, _target);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        // Killed first and disposed last, so the marker reader sees the end and fails whatever waits on this session.
        _psql.Kill();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The output closed with the process.
        }

        await _psql.DisposeAsync();
    }
}
