namespace Hourglass.Configuration;

/// <summary>
/// Everything Hourglass is configured with, bound from <c>hourglass.json</c> and <c>HOURGLASS__…</c> environment
/// variables (see README "Configuration"). Absent keys keep the defaults stated on each property.
/// </summary>
public sealed class HourglassOptions
{
    /// <summary>The config file read when no <c>--config</c> is given, in the working folder.</summary>
    public const string DefaultFileName = "hourglass.json";

    /// <summary>Folder holding one sub-folder per tier. Default <c>.db-backup</c>; relative to the config file's folder.</summary>
    public string BackupRoot { get; set; } = ".db-backup";

    /// <summary>Where the databases are and who connects; absent keys fall back to libpq's variables.</summary>
    public ConnectionOptions Connection { get; set; } = new();

    /// <summary>The databases every set dumps, in this order. No default: name yours.</summary>
    public IList<string> Databases { get; set; } = [];

    /// <summary>How dumps are compressed. Default zstd.</summary>
    public CompressionKind Compression { get; set; } = CompressionKind.Zstd;

    /// <summary>Compression level: zstd 1–19 (default 3), gzip 1–9 (default 6). Ignored for <c>none</c>.</summary>
    public int? CompressionLevel { get; set; }

    /// <summary>How many databases of one set are dumped at once. Default half the cores, at least 1.</summary>
    public int MaxParallelDumps { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>How many jobs a daemon runs at once. Default 2.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>How long a daemon's claim holds a job without renewal (renewed every third of it). Default 60 s.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The time zone tiers' cron expressions are read in. Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>What the daemon does about slots missed while it was down. Default <c>latest</c>.</summary>
    public CatchUpPolicy CatchUp { get; set; } = CatchUpPolicy.Latest;

    /// <summary>Named schedules. When given, replaces the default tiers as a whole.</summary>
    public IDictionary<string, TierOptions>? Tiers { get; set; }

    /// <summary>Scheduled verification. Default: every day at 03:00, the newest complete daily set, with test restores.</summary>
    public VerifyOptions Verify { get; set; } = new();

    /// <summary>How long a database's newest good backup may go unverified before status reports it. Default 2 days.</summary>
    public TimeSpan VerifyStaleAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>When true, a database whose newest good backup is unverified past <see cref="VerifyStaleAfter"/> makes status fail. Default false.</summary>
    public bool RequireVerified { get; set; }

    /// <summary>Where jobs are recorded. Default: SQLite in the backup root.</summary>
    public LedgerOptions Ledger { get; set; } = new();

    /// <summary>How old a database's newest good backup may be before status fails. Default: twice its most frequent tier's interval.</summary>
    public TimeSpan? StaleAfter { get; set; }

    /// <summary>The age keys encrypted files are written for and read with. Default: no encryption.</summary>
    public EncryptionOptions Encryption { get; set; } = new();

    /// <summary>Off-site stores that receive copies of sets, by name. Default none.</summary>
    public IDictionary<string, TargetOptions> Targets { get; set; } = new Dictionary<string, TargetOptions>(StringComparer.Ordinal);

    /// <summary>The web host inside <c>serve</c>. Default none: no web host.</summary>
    public WebOptions? Web { get; set; }

    /// <summary>Alert channels and thresholds. Default: alerts recorded, sent nowhere.</summary>
    public AlertOptions Alerts { get; set; } = new();

    /// <summary>
    /// The databases a backup of <paramref name="requested"/> covers, in config order: all of them when none are
    /// named. A usage error when none are configured or one named is not configured.
    /// </summary>
    public IReadOnlyList<string> SelectDatabases(IReadOnlyList<string>? requested)
    {
        if (Databases.Count == 0)
        {
            throw Errors.NoDatabases();
        }

        foreach (var database in requested ?? [])
        {
            if (!Databases.Contains(database))
            {
                throw Errors.UnknownDatabase(database);
            }
        }

        return requested is { Count: > 0 } ? Databases.Where(requested.Contains).ToList() : [.. Databases];
    }

    /// <summary>The tiers in force: the configured ones, or <c>hourly</c> (keep 6) and <c>daily</c> (keep 7).</summary>
    public IReadOnlyDictionary<string, TierOptions> EffectiveTiers =>
        Tiers is { Count: > 0 } configured
            ? configured.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal)
            : DefaultTiers;

    private static readonly IReadOnlyDictionary<string, TierOptions> DefaultTiers = new Dictionary<string, TierOptions>(StringComparer.Ordinal)
    {
        ["hourly"] = new() { Cron = "0 * * * *", Keep = 6 },
        ["daily"] = new() { Cron = "0 1 * * *", Keep = 7 },
    };
}
