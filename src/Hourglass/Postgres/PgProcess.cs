using System.ComponentModel;
using System.Diagnostics;

namespace Hourglass.Postgres;

/// <summary>
/// A running PostgreSQL client program (pg_dump, pg_dumpall, psql) with its standard streams.
/// Secrets reach it only through its environment. Cancelling the token, or disposing before it exited,
/// kills it, so an abandoned dump never keeps running behind our back.
/// </summary>
internal sealed class PgProcess : IAsyncDisposable
{
    private const int KeptErrorLines = 40;
    private readonly Process _process;
    private readonly Queue<string> _errorLines = new();
    private readonly CancellationTokenRegistration _killOnCancel;
    private readonly Task _stdoutDrain;

    private PgProcess(Process process, string tool, bool drainStdout, CancellationToken cancellationToken)
    {
        _process = process;
        Tool = tool;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_errorLines)
            {
                _errorLines.Enqueue(e.Data);
                if (_errorLines.Count > KeptErrorLines)
                {
                    _errorLines.Dequeue();
                }
            }
        };
        _process.BeginErrorReadLine();
        _stdoutDrain = drainStdout ? _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None) : Task.CompletedTask;
        _killOnCancel = cancellationToken.Register(Kill);
    }

    /// <summary>The program's name, for messages.</summary>
    public string Tool { get; }

    /// <summary>What the program writes; read it to the end before <see cref="WaitForExitAsync"/>.</summary>
    public Stream StandardOutput => _process.StandardOutput.BaseStream;

    /// <summary>What the program reads; <see cref="CloseInput"/> sends end-of-file.</summary>
    public Stream StandardInput => _process.StandardInput.BaseStream;

    /// <summary>Closes the program's standard input, so it sees end-of-file.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>The last lines the program wrote to standard error.</summary>
    public IReadOnlyList<string> ErrorLines
    {
        get
        {
            lock (_errorLines)
            {
                return [.. _errorLines];
            }
        }
    }

    /// <summary>Starts <paramref name="tool"/> as <see cref="PgClientLocator"/> finds it. <paramref name="drainStdout"/> discards its output for callers that only need the exit code.</summary>
    public static PgProcess Start(
        string tool,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        bool redirectStdin,
        bool drainStdout,
        CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(PgClientLocator.Locate(tool).Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectStdin,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        try
        {
            var process = Process.Start(info) ?? throw Errors.ToolMissing(tool);
            return new PgProcess(process, tool, drainStdout, cancellationToken);
        }
        catch (Win32Exception)
        {
            throw Errors.ToolMissing(tool);
        }
    }

    /// <summary>Waits for the program to end and returns its exit code; 128+N when killed by signal N.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _stdoutDrain;
        return _process.ExitCode;
    }

    /// <summary>Kills the program and anything it started. Safe to call at any time.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended on its own between the check and the kill.
        }
    }

    /// <summary>One line saying why the program failed, from its standard error and exit code.</summary>
    public string DescribeFailure(int exitCode) => PgError.Describe(Tool, ErrorLines, exitCode);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _killOnCancel.DisposeAsync();
        Kill();
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
