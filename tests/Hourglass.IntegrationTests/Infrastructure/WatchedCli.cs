using System.Diagnostics;
using System.Globalization;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// A CLI run the test follows as it goes: its standard error is read line by line, so a test can act at the moment
/// a log line appears (kill the process, pause it), and still has everything it wrote for its messages.
/// </summary>
internal sealed class WatchedCli : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(string Needle, TaskCompletionSource<string> Seen)> _waiters = [];
    private readonly Task<string> _stdout;
    private readonly Task _stderr;
    private bool _ended;

    private WatchedCli(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _stderr = PumpAsync();
    }

    public int Pid => _process.Id;

    /// <summary>What the process wrote to standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static WatchedCli Start(string folder, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        new(CliRun.Start(folder, environment, arguments));

    /// <summary>The first line of standard error containing <paramref name="needle"/>, once it is written; throws when the process ends without writing it, or after <paramref name="timeout"/>.</summary>
    public async Task<string> LineAsync(string needle, TimeSpan timeout, CancellationToken cancellationToken)
    {
        TaskCompletionSource<string> seen;
        lock (_lines)
        {
            if (_lines.FirstOrDefault(l => l.Contains(needle, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_ended)
            {
                throw new InvalidOperationException($"the process ended without logging '{needle}':\n{string.Join('\n', _lines)}");
            }

            seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((needle, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(timeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{needle}' was not logged within {timeout}:\n{Stderr}");
        }
    }

    /// <summary>SIGKILL to the hourglass process alone: its children (psql) are left to notice on their own, as after a crash or an OOM kill.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Sends a signal (<c>STOP</c>, <c>CONT</c>) to the hourglass process alone.</summary>
    public async Task SignalAsync(string signal, CancellationToken cancellationToken)
    {
        await Tools.RunAsync("kill", cancellationToken, "-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Waits for the process to end and returns what it did.</summary>
    public async Task<CliResult> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, TimeProvider.System, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the process did not end within {timeout}:\n{Stderr}");
        }

        // A child the killed process left running may still hold its output open for a while; what was written is enough.
        await Task.WhenAny(Task.WhenAll(_stderr, _stdout), Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System, cancellationToken));
        return new CliResult(_process.ExitCode, _stdout.IsCompletedSuccessfully ? _stdout.Result : "", Stderr);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // A test that failed halfway: nothing of this run may outlive it (a stopped process is killed too).
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }

        _process.Dispose();
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                lock (_lines)
                {
                    _lines.Add(line);
                    foreach (var waiter in _waiters.Where(w => line.Contains(w.Needle, StringComparison.Ordinal)).ToList())
                    {
                        waiter.Seen.TrySetResult(line);
                        _waiters.Remove(waiter);
                    }
                }
            }
        }
        finally
        {
            lock (_lines)
            {
                _ended = true;
                var all = string.Join('\n', _lines);
                foreach (var (needle, seen) in _waiters)
                {
                    seen.TrySetException(new InvalidOperationException($"the process ended without logging '{needle}':\n{all}"));
                }

                _waiters.Clear();
            }
        }
    }
}
