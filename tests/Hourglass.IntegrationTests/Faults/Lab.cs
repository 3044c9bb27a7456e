using System.Diagnostics;
using Hourglass.Configuration;
using Hourglass.Ledger;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// What the fault campaign runs against: a PostgreSQL cluster and an S3 server of its own (faults restart, halt and
/// kill them, which the rest of the suite must not see), a second cluster for the job ledger (on a clock the campaign
/// can step), a webhook receiver for alerts, a source database that never changes, and a working folder whose
/// <c>hourglass.json</c> backs it up into a local root and copies the <c>daily</c> sets to the S3 target. The
/// <c>daily</c> tier keeps 1,000 sets, so none may go missing for a reason the campaign did not ask for; the
/// <c>seconds</c> tier, which <c>serve</c> nodes run every 2 s, keeps 5, so nodes prune as they go.
/// </summary>
internal sealed class Lab : IAsyncDisposable
{
    public const string Tier = "daily";
    public const string SecondsTier = "seconds";
    public const int SecondsTierKeep = 5;
    public const string TargetName = "offsite";
    public const string LedgerDatabase = "campaign_ledger";

    /// <summary>How long a node's lease on a job lasts: short, so a killed node's job runs again within a round.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(5);

    /// <summary>How often a node rescues jobs whose lease expired (the daemon's housekeeping interval).</summary>
    public static readonly TimeSpan RescueEvery = TimeSpan.FromSeconds(15);

    private Lab(PostgresCluster cluster, PostgresCluster ledgerCluster, FakeClock clock, PrivateS3Server s3, FailingS3Front s3Front, Offsite offsite, HttpReceiver receiver, Workspace workspace, string source)
    {
        S3Front = s3Front;
        Cluster = cluster;
        LedgerCluster = ledgerCluster;
        Clock = clock;
        S3 = s3;
        Offsite = offsite;
        Receiver = receiver;
        Workspace = workspace;
        Source = source;
        var passFile = Path.Combine(workspace.Folder, "pgpass");
        File.WriteAllLines(passFile, [PassLine(cluster), PassLine(ledgerCluster)]);
        File.SetUnixFileMode(passFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // Two servers with two passwords: both come from a pgpass file, as the README says a ledger's should.
        Environment = new Dictionary<string, string?>(cluster.Libpq)
        {
            ["PGPASSWORD"] = null,
            ["PGPASSFILE"] = passFile,
            ["AWS_ACCESS_KEY_ID"] = s3.AccessKeyId,
            ["AWS_SECRET_ACCESS_KEY"] = s3.SecretAccessKey,
        };
    }

    public PostgresCluster Cluster { get; }

    /// <summary>The cluster that holds the job ledger, running on <see cref="Clock"/>.</summary>
    public PostgresCluster LedgerCluster { get; }

    /// <summary>The wall clock of the ledger's server.</summary>
    public FakeClock Clock { get; }

    public PrivateS3Server S3 { get; }

    /// <summary>What the target's endpoint names: the S3 server, or errors while a fault says so.</summary>
    public FailingS3Front S3Front { get; }

    public Offsite Offsite { get; }

    /// <summary>Where the nodes send their alert webhooks.</summary>
    public HttpReceiver Receiver { get; }

    public Workspace Workspace { get; }

    /// <summary>The database every set holds: the wide dataset, whose restore has all three phases.</summary>
    public string Source { get; }

    /// <summary>What every hourglass run of the lab gets: both clusters' passwords (a pgpass file) and the S3 server's keys.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>How long a backup, a copy and a restore took when nothing was wrong: faults strike within these.</summary>
    public Durations Usual { get; private set; } = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>True for the smoke round in <c>./test.sh</c>: faults that wait take the shortest wait their kind allows.</summary>
    public bool Smoke { get; private init; }

    public static async Task<Lab> StartAsync(int rowsPerTable, bool smoke, CancellationToken cancellationToken)
    {
        var clock = new FakeClock();
        var cluster = await PostgresCluster.StartPrivateAsync();
        var ledgerCluster = await PostgresCluster.StartPrivateAsync(clock.Environment);
        await ledgerCluster.ExecuteAsync("postgres", $"CREATE DATABASE {LedgerDatabase}", cancellationToken);
        await JobLedgerFactory.Create(new HourglassOptions { Ledger = new LedgerOptions { ConnectionString = ledgerCluster.ConnectionString(LedgerDatabase) } })
            .MigrateAsync(cancellationToken);
        var s3 = await S3Server.StartPrivateAsync();
        var client = s3.CreateClient();
        var offsite = await Offsite.CreateAsync(s3, client, cancellationToken);
        var s3Front = new FailingS3Front(new Uri(offsite.Endpoint));
        var receiver = await HttpReceiver.StartAsync();
        var source = await WideDataset.CreateAsync(cluster, "campaign", rowsPerTable, null, cancellationToken);
        var workspace = new Workspace(cluster, source);
        File.WriteAllText(Path.Combine(workspace.Folder, "webhook.secret"), "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)) + "\n");
        workspace.WriteConfig(new Dictionary<string, object>
        {
            ["databases"] = new[] { source },
            ["connection"] = new { host = cluster.Host, port = cluster.Port, username = cluster.User },
            ["lease"] = Lease.ToString(),
            ["ledger"] = new { connectionString = $"Host={ledgerCluster.Host};Port={ledgerCluster.Port};Username={ledgerCluster.User};Database={LedgerDatabase}" },
            ["tiers"] = new Dictionary<string, object>
            {
                [Tier] = new { cron = "0 1 1 1 *", keep = 1000 },
                [SecondsTier] = new { cron = "*/2 * * * * *", keep = SecondsTierKeep },
            },
            ["verify"] = new { enabled = false },
            ["targets"] = Offsite.Only(offsite.Target(Tier, keep: 1000, endpoint: s3Front.Endpoint)),
            ["alerts"] = new { grace = "00:00:02", remindEvery = "06:00:00", webhook = new { url = receiver.Url("/webhook"), secretFile = "webhook.secret" } },
        });
        var lab = new Lab(cluster, ledgerCluster, clock, s3, s3Front, offsite, receiver, workspace, source) { Smoke = smoke };
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
        await Receiver.DisposeAsync();
        await S3Front.DisposeAsync();
        await S3.DisposeAsync();
        await LedgerCluster.DisposeAsync();
        await Cluster.DisposeAsync();
        Clock.Dispose();
    }

    private static string PassLine(PostgresCluster cluster) => $"{cluster.Host}:{cluster.Port}:*:{cluster.User}:{cluster.Password}";

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
