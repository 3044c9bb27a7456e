using System.Diagnostics;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>What one run of the real <c>hourglass</c> process did.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The lines of standard error that report a failure (<c>error: …</c>), without the log lines around them.</summary>
    public IReadOnlyList<string> ErrorLines => [.. Stderr.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal))];

    /// <summary>True when the run printed a stack trace or an unhandled exception: never right for a user's error.</summary>
    public bool ShowsStackTrace =>
        (Stdout + Stderr) is var output
        && (output.Contains("\n   at ", StringComparison.Ordinal) || output.Contains("Unhandled exception", StringComparison.Ordinal)
            || output.Contains("error: unexpected ", StringComparison.Ordinal));

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}

/// <summary>Runs the built CLI as a separate process, in a working folder, with extra environment variables.</summary>
public static class CliRun
{
    public static async Task<CliResult> RunAsync(string workingFolder, IReadOnlyDictionary<string, string?>? environment, CancellationToken cancellationToken, params string[] arguments)
    {
        using var process = Start(workingFolder, environment, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string workingFolder, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
    {
        var info = new ProcessStartInfo(Repository.CliCommand[0])
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in Repository.CliCommand.Skip(1).Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
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

        return Process.Start(info)!;
    }
}
