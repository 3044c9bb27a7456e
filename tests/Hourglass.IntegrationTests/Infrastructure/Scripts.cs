using System.Diagnostics;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>Runs the repository's service scripts (scripts/pg-cluster.sh, scripts/s3-server.sh) as ./test.sh does.</summary>
internal static class Scripts
{
    /// <summary>
    /// Runs <c>scripts/<paramref name="script"/> <paramref name="action"/> <paramref name="folder"/></c> and returns
    /// what it printed; a failure says what could not be done and <paramref name="fix"/>. <paramref name="environment"/>
    /// is added to the script's (and so to the server's) environment.
    /// </summary>
    public static async Task<string> RunAsync(string script, string action, string folder, string what, string fix, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", script));
        info.ArgumentList.Add(action);
        info.ArgumentList.Add(folder);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not {action} {what} ({await stderr}). {fix}");
        }

        return await stdout;
    }

    /// <summary>The <c>KEY=VALUE</c> lines a script's <c>start</c> prints.</summary>
    public static Dictionary<string, string> Settings(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts[1]);
}
