using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Tests.Fuzzing;

namespace Hourglass.IntegrationTests.Fuzzing;

/// <summary>
/// The command line as a fuzzer types it: real commands and options in random order with hostile values. Every run
/// ends with exit 0, 1 or 2; a failure is one <c>error:</c> line and never a stack trace; and nothing is written
/// beside the working folder in its sandbox (the backup root is inside it, and the server it names does not answer).
/// </summary>
public sealed class CliFuzzTests
{
    private const int Cases = 120;

    private static readonly string[] Commands =
    [
        "backup", "list", "restore", "show", "verify", "copy", "prune", "enqueue", "enqueue backup", "enqueue verify", "enqueue restore",
        "jobs", "jobs show", "jobs retry", "jobs cancel", "status", "doctor", "web", "tokens", "tokens list", "tokens create", "tokens revoke",
        "alerts", "nonsense", "",
    ];

    private static readonly string[] Options =
    [
        "--tier", "--db", "--into", "--force", "--jobs", "--table", "--schema", "--exclude-table", "--schema-only", "--data-only", "--json",
        "--target", "--to", "--limit", "--state", "--kind", "--restore", "--keep", "--globals", "--config", "--help", "--version", "-h", "--",
        "--unknown", "-x",
    ];

    private static readonly string[] Values =
    [
        "latest", "daily", "hourly", "daily/backup_20251025_010000", "backup_x", "0", "-1", "64", "65", "99999999999999999999", "1e3", "",
        " ", "../../etc/passwd", "/etc/passwd", "app", "ünïcødé", "💾", "\u202e", "a\nb", new string('y', 3000), "executing", "backup",
    ];

    [Fact]
    public async Task Cli_RandomCommandLines_ExitCleanly_OneErrorLine_NothingWrittenBesideTheFolder()
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Environment.GetEnvironmentVariable("HOURGLASS_FUZZ_SEED") is { Length: > 0 } s ? int.Parse(s, CultureInfo.InvariantCulture) : 20261207;
        var random = new Random(seed);
        var sandbox = Directory.CreateTempSubdirectory("hourglass-fuzz-cli-");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(sandbox.FullName, "work")).FullName;
            File.WriteAllText(
                Path.Combine(folder, "hourglass.json"),
                $$"""{ "databases": ["app"], "backupRoot": "root", "connection": { "host": "127.0.0.1", "port": {{FreePort.Next()}} } }""");
            // Only the command line varies: no ambient server or credentials to reach.
            var environment = new Dictionary<string, string?> { ["PGHOST"] = "127.0.0.1", ["PGPORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture) };
            var problems = new List<string>();
            for (var i = 0; i < Cases; i++)
            {
                var arguments = CommandLine(new FuzzJson(random), random);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(60));
                var result = await CliRun.RunAsync(folder, environment, timeout.Token, arguments);
                if (Problem(result, arguments) is { } problem)
                {
                    problems.Add($"hourglass {string.Join(' ', arguments.Select(a => a.Length > 40 ? a[..40] + "…" : a))}: {problem}");
                }
            }

            var strays = Directory.EnumerateFileSystemEntries(sandbox.FullName).Where(e => Path.GetFileName(e) != "work").ToList();
            Assert.True(problems.Count == 0, $"seed {seed}:\n" + string.Join('\n', problems));
            Assert.Empty(strays);
        }
        finally
        {
            sandbox.Delete(recursive: true);
        }
    }

    private static string[] CommandLine(FuzzJson fuzz, Random random)
    {
        var arguments = new List<string>();
        arguments.AddRange(Commands[random.Next(Commands.Length)].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        for (var n = random.Next(5); n > 0; n--)
        {
            arguments.Add(random.Next(3) switch
            {
                0 => Options[random.Next(Options.Length)],
                1 => Values[random.Next(Values.Length)],
                _ => fuzz.Text(),
            });
        }

        // `--config` and the value after it must not point the run at another folder's config or backup root.
        var config = arguments.IndexOf("--config");
        if (config >= 0)
        {
            arguments.RemoveRange(config, Math.Min(2, arguments.Count - config));
        }

        return [.. arguments.Where(a => !a.Contains('\0', StringComparison.Ordinal))];
    }

    /// <summary>What is wrong with a run; status and doctor report a failed check in their table, with exit 1 and no error line.</summary>
    private static string? Problem(CliResult result, string[] arguments)
    {
        if (result.ExitCode is not (0 or 1 or 2))
        {
            return $"exit {result.ExitCode}";
        }

        if (result.ShowsStackTrace)
        {
            return "a stack trace or an unexpected exception: " + result.Stderr.Split('\n').FirstOrDefault(l => l.Length > 0);
        }

        var reports = result.ExitCode == 1 && result.ErrorLines.Count == 0 && arguments.FirstOrDefault() is "status" or "doctor";
        return result.ExitCode != 0 && result.ErrorLines.Count != 1 && !reports
            ? $"{result.ErrorLines.Count} error lines: {result.Stderr}"
            : null;
    }
}
