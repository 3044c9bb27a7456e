using System.CommandLine;
using Hourglass.Backups;
using Hourglass.Cli.Rendering;
using Hourglass.Retention;
using Hourglass.Scheduling;
using Hourglass.Storage;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass backup [--tier T] [--db NAME]...</c>: one set now, in this process.</summary>
internal static class BackupCommand
{
    public static Command Create()
    {
        var tier = GlobalOptions.Tier("The tier the set belongs to (default: the tier that runs most often).");
        var databases = new Option<string[]>("--db")
        {
            Description = "Back up only this database (repeatable; default: every configured database).",
            HelpName = "NAME",
        };
        var command = new Command("backup", "Take one backup set now, then prune its tier.") { tier, databases };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            context.Tiers.EnsureKnown(parse.GetValue(tier));
            var request = new BackupRequest(parse.GetValue(tier), parse.GetValue(databases));
            var jobs = context.Get<JobRunner>();
            (BackupOutcome Backup, RetentionPlan? Pruned) outcome;
            if (context.Interactive)
            {
                var view = new BackupProgressView();
                outcome = await view.RunAsync(() => jobs.BackupAndPruneAsync(request, view.Sink, cancellationToken));
            }
            else
            {
                outcome = await jobs.BackupAndPruneAsync(request, progress: null, cancellationToken);
            }

            Print(outcome.Backup, outcome.Pruned);
            return (int)(outcome.Backup.Complete ? ExitCode.Success : ExitCode.Failed);
        });
        return command;
    }

    private static void Print(BackupOutcome outcome, RetentionPlan? pruned)
    {
        var manifest = outcome.Manifest;
        var bytes = manifest.Databases.Sum(d => d.Bytes) + (manifest.Globals?.Bytes ?? 0);
        var ok = manifest.Databases.Count(d => d.Status == DumpStatus.Ok);
        Console.WriteLine($"{manifest.Id}: {manifest.Status.ToString().ToLowerInvariant()}, {ok} of {manifest.Databases.Count} databases, {Sizes.Bytes(bytes)} in {Sizes.Duration(manifest.FinishedAt - manifest.StartedAt)}");
        foreach (var failed in manifest.Databases.Append(manifest.Globals).OfType<DatabaseDump>().Where(d => d.Status == DumpStatus.Failed))
        {
            Console.WriteLine($"  {failed.Name} failed: {failed.Error}");
        }

        if (pruned is { } plan && plan.Removed.Any())
        {
            Console.WriteLine($"Pruned {plan.Removed.Count()} from {plan.Tier}: {string.Join(", ", plan.Removed.Select(d => d.Set.Id.Name))}");
        }

        Console.WriteLine($"Folder: {outcome.Location}");
    }
}
