using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Cli;

/// <summary>Bad config and bad usage: one line saying what and how to fix, exit 2, no stack trace, nothing written.</summary>
public sealed class ConfigErrorTests(PostgresCluster cluster)
{
    public static TheoryData<string, string> BadConfigs => new()
    {
        { """{ "databases": ["a"], "compresion": "gzip" }""", "unknown key 'compresion' (did you mean 'compression'?)" },
        { """{ "databases": ["a"], "tiers": { "hourly": { "cron": "61 * * * *", "keep": 6 } } }""", "'tiers.hourly.cron' is not a valid cron expression" },
        { """{ "databases": ["a"], "tiers": { "hourly": { "cron": "0 * * * *", "keep": 0 } } }""", "'tiers.hourly.keep' is 0: keep at least 1 set" },
        { """{ "databases": ["a", "b", "a"] }""", "'databases' lists 'a' twice" },
        { """{ "databases": "a" }""", "'databases' must be a list, like" },
        { """{ "databases": ["a"], "backupRoot": "/proc/hourglass-backups" }""", "'backupRoot' /proc/hourglass-backups is not writable" },
        { """{ "databases": ["a"], "compression": "lz4" }""", "'compression' must be one of zstd, gzip, none, not 'lz4'" },
        { """{ "databases": ["a"], "connection": { "port": "five" } }""", "'connection.port' must be a whole number, not 'five'" },
        { """{ "databases": ["a"], """, "is not valid JSON" },
        // Found by the config fuzzer: valid JSON the configuration reader refuses was "unexpected InvalidDataException", exit 1.
        { "0", "is not valid JSON (its top level is a number, not an object" },
        { """{ "databases": ["a"], "Databases": ["b"] }""", "is not valid JSON ('Databases' is given twice (keys are not case-sensitive))" },
    };

    // Found by the command-line fuzzer: every parse problem was an error line of its own.
    [Fact]
    public async Task Cli_SeveralProblemsOnTheCommandLine_OneErrorLineThatCountsTheRest_Exit2()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster);

        var result = await workspace.RunAsync(ct, "doctor", "..", "latest", "--nonsense");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Equal("error: Unrecognized command or argument '..' (and 2 more problems on the command line)", line);
    }

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public async Task Backup_BadConfig_OneLineExit2NothingWritten(string config, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster);
        await File.WriteAllTextAsync(Path.Combine(workspace.Folder, "hourglass.json"), config, ct);

        var result = await workspace.RunAsync(ct, "backup");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Empty(workspace.Entries());
    }

    [Fact]
    public async Task Backup_EnvironmentVariableOverridesConfig_ErrorNamesTheVariable()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster, "a");
        workspace.WriteDefaultConfig();

        var result = await workspace.RunAsync(new Dictionary<string, string?> { ["HOURGLASS__compressionLevel"] = "99" }, ct, "backup");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'compressionLevel' 99 is out of range for zstd", result.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("error: environment variable HOURGLASS__compressionLevel: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_MissingConfigFileNamedByFlag_Exit2()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster);

        var result = await workspace.RunAsync(ct, "list", "--config", "nowhere.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nowhere.json does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backup_UnknownTierOrDatabase_Exit2()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster, "a");
        workspace.WriteDefaultConfig();

        var tier = await workspace.RunAsync(ct, "backup", "--tier", "weekly");
        var database = await workspace.RunAsync(ct, "backup", "--db", "zzz");
        var usage = await workspace.RunAsync(ct, "backup", "--bogus");

        Assert.Equal(2, tier.ExitCode);
        Assert.Contains("there is no tier 'weekly': use one of daily, hourly", tier.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, database.ExitCode);
        Assert.Contains("database 'zzz' is not in the config's databases", database.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, usage.ExitCode);
        Assert.Empty(workspace.Entries());
    }

    [Fact]
    public async Task Backup_PgDumpNotOnPath_OneLineExit1()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("nodump", ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig();
        var dotnetFolder = Path.GetDirectoryName(Environment.ProcessPath)!;

        var result = await workspace.RunAsync(new Dictionary<string, string?> { ["PATH"] = dotnetFolder }, ct, "backup");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: pg_dump was not found on PATH: install the PostgreSQL client (apt-get install postgresql-client) or add its bin folder to PATH", result.Stderr.Trim());
        Assert.Empty(workspace.Entries());
    }
}
