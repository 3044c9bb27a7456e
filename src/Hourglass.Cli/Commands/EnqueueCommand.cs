using System.CommandLine;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Hourglass.Storage;

namespace Hourglass.Cli.Commands;

/// <summary>
/// <c>hourglass enqueue backup|restore|verify|prune …</c>: a job in the ledger for whichever node claims it first.
/// The same action while the first is still queued answers "already queued as job N". <c>--wait</c> follows it to its end.
/// </summary>
internal static class EnqueueCommand
{
    public static Command Create()
    {
        var wait = new Option<bool>("--wait") { Description = "Wait for the job to finish and exit with its outcome.", Recursive = true };
        var command = new Command("enqueue", "Queue a job for the daemons (hourglass serve).") { wait };
        command.Subcommands.Add(Backup(wait));
        command.Subcommands.Add(Restore(wait));
        command.Subcommands.Add(Verify(wait));
        command.Subcommands.Add(Prune(wait));
        command.Subcommands.Add(Copy(wait));
        return command;
    }

    private static Command Verify(Option<bool> wait)
    {
        var set = new Argument<string>("SET") { Description = "A set id, or 'latest' (default).", DefaultValueFactory = _ => "latest" };
        var tier = GlobalOptions.Tier("Look for the set (or 'latest') in this tier only.");
        var restore = new Option<bool>("--restore") { Description = "Also restore each dump into a scratch database and compare." };
        var target = GlobalOptions.Target("Verify the copy on this target.");
        var command = new Command("verify", "Queue a verification.") { set, tier, restore, target };
        command.SetAction((parse, cancellationToken) => EnqueueAsync(parse, wait, (jobs, now) =>
            jobs.Verify(new VerifyArgs(parse.GetValue(set)!, parse.GetValue(tier), parse.GetValue(restore), Target: parse.GetValue(target))), cancellationToken));
        return command;
    }

    private static Command Backup(Option<bool> wait)
    {
        var tier = GlobalOptions.Tier("The tier the set belongs to (default: the tier that runs most often).");
        var databases = new Option<string[]>("--db") { Description = "Only this database (repeatable).", HelpName = "NAME" };
        var command = new Command("backup", "Queue a backup set.") { tier, databases };
        command.SetAction((parse, cancellationToken) => EnqueueAsync(parse, wait, (jobs, now) =>
            jobs.Backup(parse.GetValue(tier), parse.GetValue(databases), now), cancellationToken));
        return command;
    }

    private static Command Restore(Option<bool> wait)
    {
        var set = new Argument<string>("SET") { Description = "A set id, or 'latest'." };
        var database = new Option<string>("--db") { Description = "The database whose dump to restore.", HelpName = "NAME", Required = true };
        var into = new Option<string?>("--into") { Description = "Restore into this database (default: the same name).", HelpName = "TARGET" };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty target." };
        var tier = GlobalOptions.Tier("Look for the set in this tier only.");
        var target = GlobalOptions.Target("Restore from this target's copy.");
        var command = new Command("restore", "Queue a restore.") { set, database, into, force, tier, target };
        command.SetAction((parse, cancellationToken) => EnqueueAsync(parse, wait, (jobs, now) =>
            jobs.Restore(new RestoreArgs(parse.GetValue(set)!, parse.GetValue(database)!, parse.GetValue(into), parse.GetValue(force), parse.GetValue(tier), parse.GetValue(target))), cancellationToken));
        return command;
    }

    private static Command Prune(Option<bool> wait)
    {
        var tier = GlobalOptions.Tier("Only this tier (default: every tier).");
        var target = GlobalOptions.Target("Apply this target's retention to its copies.");
        var command = new Command("prune", "Queue a prune.") { tier, target };
        command.SetAction((parse, cancellationToken) => EnqueueAsync(parse, wait, (jobs, now) => jobs.Prune(parse.GetValue(tier), parse.GetValue(target)), cancellationToken));
        return command;
    }

    private static Command Copy(Option<bool> wait)
    {
        var set = new Argument<string>("SET") { Description = "A set id of the backup root (daily/backup_20251025_010000)." };
        var to = new Option<string>("--to") { Description = "The target to copy to.", HelpName = "NAME", Required = true };
        var command = new Command("copy", "Queue a copy of a set to a target.") { set, to };
        command.SetAction((parse, cancellationToken) => EnqueueAsync(parse, wait, (jobs, now) =>
            jobs.Copy(SetId.TryParse(parse.GetValue(set)!, null) ?? throw Errors.Usage($"'{parse.GetValue(set)}' is not a set id: use tier/backup_YYYYMMDD_HHMMSS (see `hourglass list`)"), parse.GetValue(to)!, afterBackup: false), cancellationToken));
        return command;
    }

    private static async Task<int> EnqueueAsync(ParseResult parse, Option<bool> wait, Func<JobFactory, DateTimeOffset, NewJob> build, CancellationToken cancellationToken)
    {
        using var context = CommandContext.Load(parse);
        var job = build(context.Get<JobFactory>(), context.Get<TimeProvider>().GetUtcNow());
        var ledger = await context.LedgerAsync(cancellationToken);
        var result = await context.Get<ManualJobs>().EnqueueAsync(job, cancellationToken);
        Console.WriteLine(result.Inserted ? $"queued as job {result.Job.Id}" : $"already queued as job {result.Job.Id}");
        return parse.GetValue(wait) ? await WaitAsync(ledger, result.Job.Id, cancellationToken) : (int)ExitCode.Success;
    }

    /// <summary>Follows a job until it finishes; warns once if no node is alive to run it.</summary>
    private static async Task<int> WaitAsync(IJobLedger ledger, long id, CancellationToken cancellationToken)
    {
        var warned = false;
        var lastState = (JobState?)null;
        while (true)
        {
            var job = await ledger.GetAsync(id, cancellationToken) ?? throw Errors.JobNotFound(id);
            if (job.State != lastState)
            {
                Console.WriteLine($"job {id}: {job.State.ToString().ToLowerInvariant()}{(job.Attempt > 0 ? $" (attempt {job.Attempt} of {job.MaxAttempts})" : "")}");
                lastState = job.State;
            }

            if (job.IsFinished)
            {
                var errors = await ledger.ErrorsAsync(id, cancellationToken);
                if (job.State == JobState.Completed)
                {
                    var meta = JobJson.Deserialize<JobMeta>(job.Meta);
                    Console.WriteLine($"done: {meta.SetId ?? meta.Summary ?? meta.Status}");
                    return (int)ExitCode.Success;
                }

                await Console.Error.WriteLineAsync($"error: job {id} {job.State.ToString().ToLowerInvariant()}: {errors.LastOrDefault()?.Message ?? "no error recorded"}");
                return (int)ExitCode.Failed;
            }

            if (!warned && job.State != JobState.Executing && !await NodeAliveAsync(ledger, cancellationToken))
            {
                await Console.Error.WriteLineAsync("warning: no node is running to take this job: start `hourglass serve`");
                warned = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
        }
    }

    private static async Task<bool> NodeAliveAsync(IJobLedger ledger, CancellationToken cancellationToken)
    {
        var now = await ledger.NowAsync(cancellationToken);
        return (await ledger.NodesAsync(cancellationToken)).Any(n => now - n.HeartbeatAt < TimeSpan.FromMinutes(2));
    }
}
