using System.Text.Json;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Restores;
using Hourglass.Retention;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Hourglass.Verification;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>A temporary working folder with a config, a backup root, and the engine's parts wired to it.</summary>
internal sealed class Workspace : IDisposable
{
    public Workspace(PostgresCluster cluster, params string[] databases)
    {
        Cluster = cluster;
        Folder = Directory.CreateTempSubdirectory("hourglass-test-").FullName;
        Options = new HourglassOptions
        {
            BackupRoot = Path.Combine(Folder, ".db-backup"),
            Connection = new ConnectionOptions { Host = cluster.Host, Port = cluster.Port, Username = cluster.User },
            Databases = [.. databases],
        };
    }

    public PostgresCluster Cluster { get; }

    public string Folder { get; }

    public HourglassOptions Options { get; }

    public string Root => Options.BackupRoot;

    public LocalSetStore Store => new(Root, TimeProvider.System);

    /// <summary>The events the workspace's runners publish.</summary>
    public EventStream Events { get; } = new(NullLogger<EventStream>.Instance);

    /// <summary>The local root and the configured targets, as the engine resolves them.</summary>
    public SetStores Stores => new(Options, TargetList.From(Options, TierList.From(Options), TimeProvider.System.GetUtcNow()), Keys, TimeProvider.System, NullLogger<SetStores>.Instance);

    /// <summary>The configured age keys.</summary>
    public SetKeys Keys => new(Options.Encryption);

    public Pruner Pruner => new(Stores, TierList.From(Options), Events, TimeProvider.System, NullLogger<Pruner>.Instance);

    public BackupRunner Backups(TimeProvider? time = null) =>
        new(Options, TierList.From(Options), Stores.Local, Events, time ?? TimeProvider.System, NullLogger<BackupRunner>.Instance);

    /// <summary>A backup, then a prune of its tier, as the backup job and <c>hourglass backup</c> do it.</summary>
    public JobRunner Jobs() =>
        new(Backups(), Restores(), Pruner, Verifier(), new SetCopier(Stores), Events, TimeProvider.System, NullLogger<JobRunner>.Instance);

    public SetVerifier Verifier() => new(Options, Stores, Keys, Events, TimeProvider.System, NullLogger<SetVerifier>.Instance);

    public RestoreRunner Restores() => new(Options, Stores, Keys, NullLogger<RestoreRunner>.Instance);

    /// <summary>The finished sets of <paramref name="tier"/> (or all), newest first, as the local store lists them.</summary>
    public IReadOnlyList<StoredSet> AllSets(string? tier = null) => Store.ListSetsAsync(tier, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Writes hourglass.json into the folder, for CLI runs.</summary>
    public void WriteConfig(object config) =>
        File.WriteAllText(Path.Combine(Folder, "hourglass.json"), JsonSerializer.Serialize(config));

    /// <summary>
    /// Writes the standard config for this workspace's databases. <paramref name="quiet"/> keeps the default tiers'
    /// names and keeps but moves their slots to 1 January, so a node a test starts never takes a set of its own
    /// (with the default hourly tier, one started on the hour does).
    /// </summary>
    public void WriteDefaultConfig(string compression = "zstd", bool quiet = false) => WriteConfig(new
    {
        databases = Options.Databases,
        connection = new { host = Cluster.Host, port = Cluster.Port, username = Cluster.User },
        compression,
        tiers = quiet ? new { hourly = new { cron = "0 1 1 1 *", keep = 6 }, daily = new { cron = "0 1 1 1 *", keep = 7 } } : null,
    });

    public Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] arguments) =>
        CliRun.RunAsync(Folder, null, cancellationToken, arguments);

    public Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken, params string[] arguments) =>
        CliRun.RunAsync(Folder, environment, cancellationToken, arguments);

    /// <summary>Every folder and file under the backup root, relative.</summary>
    public IReadOnlyList<string> Entries() =>
        Directory.Exists(Root)
            ? Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(Root, p)).Order(StringComparer.Ordinal).ToList()
            : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A mount or a file still being written by a killed child: the OS temp cleaner gets it.
        }
    }
}
