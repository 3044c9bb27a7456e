using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Restores;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass restore SET|latest --db NAME [--into TARGET] [--force] [--tier T] [--globals] [--target NAME] [--jobs N] [--table T]... [--schema S]... [--exclude-table T]... [--schema-only] [--data-only]</c>.</summary>
internal static class RestoreCommand
{
    public static Command Create()
    {
        var set = new Argument<string>("SET") { Description = "A set id (hourly/backup_20251025_053945), or 'latest' for the newest good dump." };
        var database = new Option<string>("--db") { Description = "The database whose dump to restore.", HelpName = "NAME", Required = true };
        var into = new Option<string?>("--into") { Description = "Restore into this database (default: the same name). Created if missing.", HelpName = "TARGET" };
        var force = new Option<bool>("--force") { Description = "Replace a non-empty target (dropped only after the restore succeeded), and restore even a file that fails its checksum." };
        var tier = GlobalOptions.Tier("Look for the set (or 'latest') in this tier only.");
        var globals = new Option<bool>("--globals") { Description = "Apply the set's roles and tablespaces first." };
        var target = GlobalOptions.Target("Restore from this target's copy (streamed from it; no local state needed).");
        var jobs = new Option<int?>("--jobs") { Description = "Connections to restore over, 1 to 64 (default: the number of processors, at most 8). 1 restores through one psql in a single transaction.", HelpName = "N" };
        var tables = new Option<string[]>("--table") { Description = "Only this table (name or schema.name, repeatable), with its indexes, constraints and triggers.", HelpName = "T" };
        var schemas = new Option<string[]>("--schema") { Description = "Only the tables and views of this schema (repeatable).", HelpName = "S" };
        var excluded = new Option<string[]>("--exclude-table") { Description = "Everything but this table (repeatable).", HelpName = "T" };
        var schemaOnly = new Option<bool>("--schema-only") { Description = "Definitions only, no rows." };
        var dataOnly = new Option<bool>("--data-only") { Description = "Rows only, into an existing database that has the schema (in one transaction)." };
        var command = new Command("restore", "Restore one database from a backup set.") { set, database, into, force, tier, globals, target, jobs, tables, schemas, excluded, schemaOnly, dataOnly };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(jobs) is < 1 or > 64)
            {
                throw Errors.Usage("--jobs takes a number from 1 to 64");
            }

            using var context = CommandContext.Load(parse);
            context.Tiers.EnsureKnown(parse.GetValue(tier));
            var request = new RestoreRequest(parse.GetValue(set)!, parse.GetValue(database)!, parse.GetValue(into), parse.GetValue(force), parse.GetValue(tier), parse.GetValue(globals), parse.GetValue(target), parse.GetValue(jobs),
                new RestoreSelection(parse.GetValue(tables) ?? [], parse.GetValue(schemas) ?? [], parse.GetValue(excluded) ?? [], parse.GetValue(schemaOnly), parse.GetValue(dataOnly)));
            var runner = context.Get<RestoreRunner>();
            RestoreOutcome outcome;
            if (context.Interactive)
            {
                outcome = await AnsiConsole.Status().StartAsync("Restoring…", async status =>
                    await runner.RunAsync(request, new ProgressSink<long>(bytes => status.Status($"Restoring {Markup.Escape(request.Database)}: {Sizes.Bytes(bytes)} of SQL sent")), cancellationToken));
            }
            else
            {
                outcome = await runner.RunAsync(request, progress: null, cancellationToken);
            }

            Console.WriteLine($"Restored {outcome.Database} from {outcome.SetId} into {outcome.Target}{(outcome.Replaced ? " (replaced)" : "")}: {outcome.Tables} tables, {Sizes.Count(outcome.Rows)} rows in {Sizes.Duration(outcome.Duration)}");

            return (int)ExitCode.Success;
        });
        return command;
    }
}
