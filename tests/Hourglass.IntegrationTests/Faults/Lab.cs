using System.Diagnostics;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// What the fault campaign runs against: a PostgreSQL cluster and an S3 server of its own (faults restart, halt and
/// kill them, which the rest of the suite must not see), a source database that never changes, and a working folder
/// whose <c>hourglass.json</c> backs it up into a local root and copies the sets to the S3 target. Retention keeps
/// 1,000 sets, so no set may go missing for a reason the campaign did not ask for.
/// </summary>
internal sealed class Lab : IAsyncDisposable
{
    public const string Tier = "daily";
    public const string TargetName = "offsite";

    private Lab(PostgresCluster cluster, PrivateS3Server s3, Offsite offsite, Workspace workspace, string source)
    {
        Cluster = cluster;
        S3 = s3;
        Offsite = offsite;
        Workspace = workspace;
        Source = source;
        Environment = new Dictionary<string, string?>(cluster.Libpq)
        {
            ["AWS_ACCESS_KEY_ID"] = s3.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = s3.SecretAccessKey,
        };
    }

    public PostgresCluster Cluster { get; }

    public PrivateS3Server S3 { get; }

    public Offsite Offsite { get; }

    public Workspace Workspace { get; }

    /// <summary>The database every set holds: the wide dataset, whose restore has all three phases.</summary>
    public string Source { get; }

    /// <summary>What every hourglass run of the lab gets: this cluster's libpq variables and this server's keys.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>How long a backup, a copy and a restore took when nothing was wrong: faults strike within these.</summary>
    public Durations Usual { get; private set; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static async Task<Lab> StartAsync(int rowsPerTable, CancellationToken cancellationToken)
    {
        var cluster = await PostgresCluster.StartPrivateAsync();
        var s3 = await S3Server.StartPrivateAsync();
        var client = s3.CreateClient();
        var offsite = await Offsite.CreateAsync(s3, client, cancellationToken);
        var source = await WideDataset.CreateAsync(cluster, "campaign", rowsPerTable, null, cancellationToken);
        var workspace = new Workspace(cluster, source);
        Offsite.WriteConfig(
            workspace,
            Offsite.Only(offsite.Target(Tier, keep: 1000)),
            tiers: new Dictionary<string, object> { [Tier] = new { cron = "0 1 1 1 *", keep = 1000 } });
        var lab = new Lab(cluster, s3, offsite, workspace, source);
        lab.Usual = new Durations(
            await lab.TimeAsync(cancellationToken, "backup", "--tier", Tier),
            await lab.TimeAsync(cancellationToken, "copy", "latest", "--to", TargetName),
            await lab.TimeAsync(cancellationToken, "restore", "latest", "--db", source, "--into", "campaign_timing"));
        await cluster.ExecuteAsync("postgres", "DROP DATABASE campaign_timing", cancellationToken);
        return lab;
    }

    public Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] arguments) =>
        Workspace.RunAsync(Environment, cancellationToken, arguments);

    /// <summary>Starts hourglass and returns at once, for a fault to strike while it runs.</summary>
    public WatchedCli Start(params string[] arguments) => WatchedCli.Start(Workspace.Folder, Environment, arguments);

    /// <summary>The newest local set's id (<c>tier/name</c>).</summary>
    public string NewestSet() =>
        Workspace.AllSets(Tier).Select(s => s.Id.ToString()).FirstOrDefault() ?? throw new InvalidOperationException("the lab holds no set");

    public async ValueTask DisposeAsync()
    {
        Workspace.Dispose();
        Offsite.Client.Dispose();
        await S3.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private async Task<TimeSpan> TimeAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await RunAsync(cancellationToken, arguments);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the lab's first {arguments[0]} failed: {result}");
        }

        return stopwatch.Elapsed;
    }
}

/// <summary>How long each kind of run takes on this machine.</summary>
internal sealed record Durations(TimeSpan Backup, TimeSpan Copy, TimeSpan Restore);
