using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Restores;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass show SET|latest --db NAME [--tier T] [--target NAME] [--json]</c>: what one dump holds, like <c>pg_restore -l</c>.</summary>
internal static class ShowCommand
{
    public static Command Create()
    {
        var set = new Argument<string>("SET") { Description = "A set id (hourly/backup_20251025_053945), or 'latest' for the newest good dump." };
        var database = new Option<string>("--db") { Description = "The database whose dump to show.", HelpName = "NAME", Required = true };
        var tier = GlobalOptions.Tier("Look for the set (or 'latest') in this tier only.");
        var target = GlobalOptions.Target("Read the dump from this target's copy (streamed from it).");
        var json = GlobalOptions.Json();
        var command = new Command("show", "Show what a dump holds: tables with rows and sizes, and the other objects by kind.") { set, database, tier, target, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            context.Tiers.EnsureKnown(parse.GetValue(tier));
            var contents = await context.Get<DumpContentsReader>().ReadAsync(parse.GetValue(set)!, parse.GetValue(database)!, parse.GetValue(tier), parse.GetValue(target), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(contents);
            }
            else
            {
                Render(contents);
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static void Render(DumpContentsDocument contents)
    {
        Console.WriteLine($"{contents.Database} in {contents.Set}{(contents.Target is null ? "" : $" on {contents.Target}")}: {contents.File}, {Sizes.Bytes(contents.Bytes)} stored, {Sizes.Bytes(contents.RawBytes)} as SQL");
        var tables = new Table().Border(TableBorder.Rounded).AddColumn("Table").AddColumn(new TableColumn("Rows").RightAligned()).AddColumn(new TableColumn("Data").RightAligned());
        foreach (var table in contents.Tables)
        {
            tables.AddRow(Markup.Escape(table.Name), Sizes.Count(table.Rows), Sizes.Bytes(table.DataBytes));
        }

        AnsiConsole.Write(tables);
        var objects = new Table().Border(TableBorder.Rounded).AddColumn("Section").AddColumn("Kind").AddColumn(new TableColumn("Count").RightAligned());
        foreach (var kind in contents.Objects)
        {
            objects.AddRow(kind.Section, Markup.Escape(kind.Kind), kind.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(objects);
    }
}
