using Hourglass.Alerts;
using Hourglass.Configuration;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Tests.Alerts;

public sealed class ProblemFinderTests
{
    // A tier "fast" with a slot every minute, databases "good" and "bad", grace 15 s, one node up for an hour.
    private static readonly DateTimeOffset Now = new(2025, 10, 25, 12, 0, 30, TimeSpan.Zero);
    private static readonly DateTimeOffset Slot = new(2025, 10, 25, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string[]> Cases => new()
    {
        { "healthy", [] },

        // backup.failed: a failed dump in the tier's newest set, or the tier's newest job discarded without one.
        { "newest set partial", ["backup.failed:bad/fast"] },
        { "older set partial, newest complete", [] },
        { "globals failed", ["backup.failed:globals/fast"] },
        { "newest job discarded, no new set", ["backup.failed:fast"] },
        { "newest job discarded, newest set partial", ["backup.failed:bad/fast"] },
        { "job discarded, the next one completed", [] },

        // backup.missed: no set grace after the slot; not before the schedule existed.
        { "no set since the slot", ["backup.missed:fast"] },
        { "no set since the slot, within grace", [] },
        { "no set since the slot, node started after it", [] },
        { "no set since the slot, tier never scheduled", [] },

        // backup.stale and copy.stale: the status problems; "none yet" only once staleAfter has passed since the start.
        { "backup stale", ["backup.stale:good"] },
        { "no backup yet, fresh install", [] },
        { "no backup yet, long after the start", ["backup.stale:good"] },
        { "copy stale", ["copy.stale:offsite/good"] },

        // verify.failed, and a verify job's discard is not said twice.
        { "verification failed", ["verify.failed:good"] },
        { "verification failed and its job discarded", ["verify.failed:good"] },

        // job.discarded: the newest run of a restore, verify or prune job; a later good run clears it.
        { "restore discarded", ["job.discarded:restore {\"set\":\"latest\",\"database\":\"good\"}"] },
        { "restore discarded, then retried and completed", [] },
        { "verify discarded, the next one queued", ["job.discarded:verify {\"set\":\"latest\"}"] },

        // copy.failed: a target that cannot be listed, or its newest copy job discarded.
        { "target cannot be listed", ["copy.failed:offsite"] },
        { "copy job discarded", ["copy.failed:offsite"] },
        { "copy job discarded, then a copy completed", [] },
        { "copy job discarded, the next one running", ["copy.failed:offsite"] },

        // disk.low: below minFreeBytes, or below twice the biggest tier's newest set.
        { "disk below minFreeBytes", ["disk.low:backupRoot"] },
        { "disk below twice the biggest set", ["disk.low:backupRoot"] },

        // node.silent: a heartbeat that stopped, unless the host's node was restarted since.
        { "node silent", ["node.silent:b-2-x"] },
        { "node silent, restarted on the same host", [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Find_Situation_ReturnsItsProblemKeys(string situation, string[] keys) =>
        Assert.Equal(keys, ProblemFinder.Find(Situations[situation]()).Select(p => p.Key));

    /// <summary>
    /// Found by the fault campaign (PostgreSQL stopped under serve): the next slot's job, queued or running, cleared a
    /// tier's failure, so one outage resolved the alert and opened it again at every slot.
    /// </summary>
    [Theory]
    [InlineData(JobState.Available)]
    [InlineData(JobState.Executing)]
    [InlineData(JobState.Retryable)]
    public void Find_TierBackupFailed_StaysWhileTheNextSlotsJobIsQueuedRunningOrRetrying(JobState next)
    {
        var situation = new World { Sets = [Set(Slot.AddMinutes(-1))], BackupJobs = [JobState.Discarded, next], Now = Slot.AddSeconds(10) }.Build();

        var problem = Assert.Single(ProblemFinder.Find(situation));

        Assert.Equal("backup.failed:fast", problem.Key);
        Assert.Contains("backup job 5 failed for good: all dumps failed", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_FailedDump_MessageNamesDatabaseTierAndWhatToDo()
    {
        var problem = Assert.Single(ProblemFinder.Find(Situations["newest set partial"]()));

        Assert.Equal((AlertKinds.BackupFailed, "bad/fast"), (problem.Kind, problem.Subject));
        Assert.Contains("bad", problem.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", problem.Message, StringComparison.Ordinal);
        Assert.Contains("hourglass backup --tier fast", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("target cannot be listed", true)]
    [InlineData("copy job discarded", false)]
    [InlineData("target cannot be listed, and its copy job discarded", false)]
    [InlineData("node silent", false)]
    public void Find_OnlyATargetListingError_NeedsConfirmation(string situation, bool needsConfirmation) =>
        Assert.Equal(needsConfirmation, Assert.Single(ProblemFinder.Find(Situations[situation]())).NeedsConfirmation);

    [Theory]
    [InlineData(AlertKinds.BackupFailed, "bad/fast", "backup failure of bad/fast cleared after 5m")]
    [InlineData(AlertKinds.NodeSilent, "b-2-x", "silent node of b-2-x cleared after 5m")]
    public void Cleared_NamesTheProblemAndHowLongItLasted(string kind, string subject, string message) =>
        Assert.Equal(message, Problem.Cleared(kind, subject, TimeSpan.FromMinutes(5)));

    private static readonly Dictionary<string, Func<AlertSituation>> Situations = new(StringComparer.Ordinal)
    {
        ["healthy"] = () => new World().Build(),
        ["newest set partial"] = () => new World { Sets = [Set(Slot, bad: false)] }.Build(),
        ["older set partial, newest complete"] = () => new World { Sets = [Set(Slot), Set(Slot.AddMinutes(-1), bad: false)] }.Build(),
        ["globals failed"] = () => new World { Sets = [Set(Slot, globals: false)] }.Build(),
        ["newest job discarded, no new set"] = () => new World { Sets = [Set(Slot.AddMinutes(-1))], BackupJobs = [JobState.Discarded], Now = Slot.AddSeconds(10) }.Build(),
        ["newest job discarded, newest set partial"] = () => new World { Sets = [Set(Slot, bad: false)], BackupJobs = [JobState.Discarded] }.Build(),
        ["job discarded, the next one completed"] = () => new World { BackupJobs = [JobState.Discarded, JobState.Completed] }.Build(),
        ["no set since the slot"] = () => new World { Sets = [Set(Slot.AddMinutes(-1))] }.Build(),
        ["no set since the slot, within grace"] = () => new World { Sets = [Set(Slot.AddMinutes(-1))], Now = Slot.AddSeconds(10) }.Build(),
        ["no set since the slot, node started after it"] = () => new World { Sets = [], NodeStarted = Slot.AddSeconds(5) }.Build(),
        ["no set since the slot, tier never scheduled"] = () => new World { Sets = [Set(Slot.AddMinutes(-1))], Scheduled = false }.Build(),
        ["backup stale"] = () => new World { Stale = ["good"] }.Build(),
        ["no backup yet, fresh install"] = () => new World { Stale = ["good"], NeverBackedUp = true, NodeStarted = Slot.AddMinutes(-1) }.Build(),
        ["no backup yet, long after the start"] = () => new World { Stale = ["good"], NeverBackedUp = true }.Build(),
        ["copy stale"] = () => new World { Target = Copies(stale: true) }.Build(),
        ["verification failed"] = () => new World { VerificationFailed = true }.Build(),
        ["verification failed and its job discarded"] = () => new World { VerificationFailed = true, Jobs = [Job(7, JobKind.Verify, JobState.Discarded, "{\"set\":\"latest\"}")] }.Build(),
        ["restore discarded"] = () => new World { Jobs = [Job(7, JobKind.Restore, JobState.Discarded, RestoreArgs)] }.Build(),
        ["verify discarded, the next one queued"] = () => new World { Jobs = [Job(8, JobKind.Verify, JobState.Available, "{\"set\":\"latest\"}"), Job(7, JobKind.Verify, JobState.Discarded, "{\"set\":\"latest\"}")] }.Build(),
        ["restore discarded, then retried and completed"] = () => new World { Jobs = [Job(8, JobKind.Restore, JobState.Completed, RestoreArgs), Job(7, JobKind.Restore, JobState.Discarded, RestoreArgs)] }.Build(),
        ["target cannot be listed"] = () => new World { Target = new TargetStatus("offsite", "s3://b/p", [], "access denied") }.Build(),
        ["target cannot be listed, and its copy job discarded"] = () => new World { Target = new TargetStatus("offsite", "s3://b/p", [], "access denied"), Jobs = [Job(9, JobKind.Copy, JobState.Discarded, CopyArgs)] }.Build(),
        ["copy job discarded"] = () => new World { Target = Copies(stale: false), Jobs = [Job(9, JobKind.Copy, JobState.Discarded, CopyArgs)] }.Build(),
        ["copy job discarded, the next one running"] = () => new World { Target = Copies(stale: false), Jobs = [Job(10, JobKind.Copy, JobState.Executing, CopyArgs), Job(9, JobKind.Copy, JobState.Discarded, CopyArgs)] }.Build(),
        ["copy job discarded, then a copy completed"] = () => new World { Target = Copies(stale: false), Jobs = [Job(10, JobKind.Copy, JobState.Completed, CopyArgs), Job(9, JobKind.Copy, JobState.Discarded, CopyArgs)] }.Build(),
        ["disk below minFreeBytes"] = () => new World { FreeBytes = 100 << 20 }.Build(),
        ["disk below twice the biggest set"] = () => new World { FreeBytes = 3L << 30, Sets = [Set(Slot, bytes: 2L << 30)] }.Build(),
        ["node silent"] = () => new World { ExtraNodes = [new NodeStatus("b-2-x", "b", Slot.AddHours(-2), Slot.AddMinutes(-10), false, null)] }.Build(),
        ["node silent, restarted on the same host"] = () => new World { ExtraNodes = [new NodeStatus("a-1-x", "a", Slot.AddHours(-2), Slot.AddHours(-1.5), false, null)] }.Build(),
    };

    private const string RestoreArgs = "{\"set\":\"latest\",\"database\":\"good\"}";
    private const string CopyArgs = "{\"set\":\"fast/backup_20251025_120000\",\"target\":\"offsite\"}";

    private static StoredSet Set(DateTimeOffset startedAt, bool bad = true, bool globals = true, long bytes = 1000)
    {
        var id = SetId.For("fast", startedAt);
        DatabaseDump Dump(string name, bool ok) => new()
        {
            Name = name, File = name + ".sql.zst", Compression = "zstd", Status = ok ? DumpStatus.Ok : DumpStatus.Failed,
            Error = ok ? null : $"pg_dump: database \"{name}\" does not exist",
        };
        var manifest = new Manifest
        {
            Id = id.ToString(), Tier = "fast", StartedAt = startedAt, FinishedAt = startedAt.AddSeconds(2),
            Status = bad && globals ? SetStatus.Complete : SetStatus.Partial, Server = new ServerInfo("localhost", 5432, "17"), Node = "a",
            Databases = [Dump("bad", bad), Dump("good", true)], Globals = Dump("globals", globals),
        };
        return new StoredSet(id, manifest, null, bytes, id.ToString());
    }

    private static Job Job(long id, JobKind kind, JobState state, string args) => new() { Id = id, Kind = kind, State = state, Args = args };

    private static TargetStatus Copies(bool stale) =>
        new("offsite", "s3://b/p", [new CopyStatus("good", "fast/backup_x", Slot.AddDays(stale ? -3 : 0), TimeSpan.FromDays(2), stale)], null);

    /// <summary>A healthy engine state, with the parts a case changes.</summary>
    private sealed class World
    {
        public DateTimeOffset Now { get; init; } = ProblemFinderTests.Now;

        public IReadOnlyList<StoredSet> Sets { get; init; } = [Set(Slot)];

        /// <summary>The tier's backup jobs, oldest first (ids 5, 6, …).</summary>
        public IReadOnlyList<JobState> BackupJobs { get; init; } = [];

        public DateTimeOffset NodeStarted { get; init; } = Slot.AddHours(-1);

        public IReadOnlyList<NodeStatus> ExtraNodes { get; init; } = [];

        public bool Scheduled { get; init; } = true;

        public IReadOnlyList<string> Stale { get; init; } = [];

        public bool NeverBackedUp { get; init; }

        public bool VerificationFailed { get; init; }

        public TargetStatus? Target { get; init; }

        public IReadOnlyList<Job> Jobs { get; init; } = [];

        public long FreeBytes { get; init; } = 100L << 30;

        public AlertSituation Build()
        {
            var options = new HourglassOptions
            {
                Databases = ["bad", "good"],
                Tiers = new Dictionary<string, TierOptions> { ["fast"] = new() { Cron = "* * * * *" } },
                Alerts = new AlertOptions { Grace = TimeSpan.FromSeconds(15) },
            };
            var tiers = new[] { new TierStatus("fast", "* * * * *", Slot.AddMinutes(1), 5, "completed", Slot, null, 1, 1000) };
            var backups = BackupJobs.Select((state, i) => Job(5 + i, JobKind.Backup, state, "{\"tier\":\"fast\"}")).Reverse().ToList();
            var errors = backups.Where(j => j.State == JobState.Discarded).ToDictionary(j => j.Id, _ => "all dumps failed");
            var databases = options.Databases.Select(d => new DatabaseStatus(
                d,
                NeverBackedUp ? null : "fast/backup_x",
                NeverBackedUp ? null : Slot.AddHours(Stale.Contains(d) ? -5 : 0),
                TimeSpan.FromMinutes(30),
                Stale.Contains(d),
                VerificationFailed && d == "good" ? "failed" : null,
                VerificationFailed ? Slot : null)).ToList();
            List<NodeStatus> nodes = [new("a-1-x", "a", NodeStarted, Now.AddSeconds(-5), true, null), .. ExtraNodes];
            var status = new StatusReport(Now, tiers, databases, nodes, FreeBytes, []) { Targets = Target is null ? [] : [Target] };
            var cron = Scheduled ? new[] { new CronEntry("fast", "* * * * *", "UTC", Slot) } : [];
            return new AlertSituation(status, Sets, [.. backups, .. Jobs], errors, cron, TierList.From(options), options.Alerts);
        }
    }
}
