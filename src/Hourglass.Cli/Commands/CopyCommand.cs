using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Hourglass.Storage;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass copy [SET|latest] [--tier T] --to NAME</c>: copy a local set to a target now, in this process.</summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var set = new Argument<string>("SET") { Description = "A set id (daily/backup_20251025_010000), or 'latest' (default): the newest set with a good dump.", DefaultValueFactory = _ => "latest" };
        var tier = GlobalOptions.Tier("Look for the set (or 'latest') in this tier only.");
        var to = new Option<string>("--to") { Description = "The target to copy to (a name under \"targets\").", HelpName = "NAME", Required = true };
        var command = new Command("copy", "Copy a set from the backup root to a target, checked against its manifest, manifest last.") { set, tier, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            context.Tiers.EnsureKnown(parse.GetValue(tier));
            var target = context.Get<SetStores>().Targets.Get(parse.GetValue(to)!);
            var tiers = parse.GetValue(tier) is { } named ? [named] : target.Tiers.Select(t => t.Name).ToList();
            var id = await SetQueries.CopyableAsync(context.Store, parse.GetValue(set)!, tiers, cancellationToken);
            await EnsureNoCopyJobAsync(context, id, target.Name, cancellationToken);
            var outcome = await context.Get<JobRunner>().CopyAsync(id, target.Name, cancellationToken);
            Console.WriteLine(outcome.AlreadyThere
                ? $"{id} is already on target {target.Name}"
                : $"Copied {id} to target {target.Name}: {Sizes.Bytes(outcome.Bytes)} in {Sizes.Duration(outcome.Duration)}");
            return (int)ExitCode.Success;
        });
        return command;
    }

    /// <summary>
    /// Two copies of one set to one target must not run at once (the second removes what the first wrote as its
    /// leftover). Daemons keep their copy jobs apart by the job's key; a copy by hand checks that key first. A ledger
    /// that cannot be reached runs no jobs either, so then there is nothing to wait for.
    /// </summary>
    private static async Task EnsureNoCopyJobAsync(CommandContext context, SetId id, string target, CancellationToken cancellationToken)
    {
        IJobLedger ledger;
        try
        {
            ledger = await context.LedgerAsync(cancellationToken);
        }
        catch (HourglassException)
        {
            return;
        }

        var active = await ledger.ListAsync(new JobQuery([JobState.Available, JobState.Scheduled, JobState.Executing, JobState.Retryable], JobKind.Copy, Limit: 1000), cancellationToken);
        if (active.FirstOrDefault(j => j.UniqueKey == JobFactory.CopyKey(id, target)) is { } job)
        {
            throw Errors.CopyAlreadyQueued(id.ToString(), target, job.Id);
        }
    }
}
