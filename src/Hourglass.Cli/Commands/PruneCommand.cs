using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Retention;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass prune [--tier T] [--target NAME] [--dry-run]</c>: apply retention, showing every verdict and its reason.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var tier = GlobalOptions.Tier("Only this tier (default: every tier).");
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be removed and why, and remove nothing." };
        var target = GlobalOptions.Target("Apply this target's retention to its copies instead of the local root's.");
        var command = new Command("prune", "Remove sets beyond each tier's retention; never the newest good dump of a database.") { tier, target, dryRun };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            context.Tiers.EnsureKnown(parse.GetValue(tier));
            var preview = parse.GetValue(dryRun);
            var plans = await context.Get<Pruner>().PruneAsync(parse.GetValue(tier), preview, parse.GetValue(target), cancellationToken);
            foreach (var plan in plans)
            {
                var kept = plan.Kept.Count();
                var removed = plan.Removed.Count();
                Console.WriteLine($"{plan.Tier} ({plan.Policy}): {kept} kept, {removed} {(preview ? "would be removed" : "removed")}");
                if (plan.Decisions.Count == 0)
                {
                    continue;
                }

                var table = new Table().Border(TableBorder.Rounded).AddColumn("Set").AddColumn("Verdict").AddColumn("Reason");
                foreach (var decision in plan.Decisions)
                {
                    var verdict = decision.Keep ? "[green]keep[/]" : preview ? "[yellow]would remove[/]" : "[red]removed[/]";
                    table.AddRow(Markup.Escape(decision.Set.Id.Name), verdict, Markup.Escape(decision.Reason));
                }

                AnsiConsole.Write(table);
            }

            if (preview)
            {
                Console.WriteLine("Dry run: nothing was removed.");
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
