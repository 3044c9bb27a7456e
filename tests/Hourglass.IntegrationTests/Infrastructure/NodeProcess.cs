using System.Diagnostics;
using System.Text;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>A long-running process under test (<c>hourglass serve</c>, the embedding sample), with its output kept and real signals.</summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>hourglass serve</c> in <paramref name="folder"/>.</summary>
    public static NodeProcess Serve(string folder, IReadOnlyDictionary<string, string?>? environment = null, params string[] arguments) =>
        new(CliRun.Start(folder, environment, ["serve", .. arguments]));

    /// <summary>Starts a built .NET app (the path of its dll, in its own output folder so it runs with its own dependencies).</summary>
    public static NodeProcess App(string dll, string folder, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new NodeProcess(Process.Start(info)!);
    }

    /// <summary>Sends SIGTERM, as systemd does, and returns how long the process took to exit (or throws after <paramref name="patience"/>).</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan patience)
    {
        var stopwatch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"process {Pid} did not exit within {patience} of SIGTERM. Output:\n{Output}");
        }

        return stopwatch.Elapsed;
    }

    /// <summary>SIGKILL: the process dies without any cleanup, as in a crash or an OOM kill.</summary>
    public void KillHard() => _process.Kill(entireProcessTree: false);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
