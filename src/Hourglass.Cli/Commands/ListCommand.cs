using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Health;
using Hourglass.Storage;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass list [--tier T] [--db NAME] [--target NAME] [--json]</c>: the sets in the backup root or on a target, newest first, from the stored manifests alone.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var tier = GlobalOptions.Tier("Only this tier's sets.");
        var database = new Option<string?>("--db") { Description = "Only sets holding this database, with its dump's size.", HelpName = "NAME" };
        var json = GlobalOptions.Json();
        var target = GlobalOptions.Target("List the copies on this target instead of the local root (no private key needed).");
        var command = new Command("list", "List backup sets, newest first, with totals per tier.") { tier, database, target, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            var db = parse.GetValue(database);
            var store = context.Get<SetStores>().For(parse.GetValue(target));
            var sets = SetQueries.Holding(await store.ListSetsAsync(parse.GetValue(tier), cancellationToken), db).ToList();
            var output = SetListDocument.From(store.Location, sets, await store.FreeBytesAsync(cancellationToken), db) with { Target = parse.GetValue(target) };
            if (parse.GetValue(json))
            {
                JsonOutput.Write(output);
            }
            else
            {
                Render(output, TimeProvider.System.GetUtcNow());
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static void Render(SetListDocument list, DateTimeOffset now)
    {
        if (list.Sets.Count == 0)
        {
            Console.WriteLine($"No backup sets in {list.Root}. Take one with `hourglass backup`.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Set").AddColumn(new TableColumn("Age").RightAligned()).AddColumn("Status").AddColumn("Databases").AddColumn(new TableColumn("Size").RightAligned()).AddColumn("Verified");
        foreach (var set in list.Sets)
        {
            var status = set.Status switch
            {
                "complete" => "[green]complete[/]",
                "partial" => "[yellow]partial[/]",
                _ => "[red]unreadable[/]",
            };
            var ok = set.Databases.Count(d => d.Status == "ok");
            var failed = set.Databases.Where(d => d.Status != "ok").Select(d => Markup.Escape(d.Name)).ToList();
            var databases = set.Problem is not null ? Markup.Escape(set.Problem)
                : failed.Count == 0 ? $"{ok} ok"
                : $"{ok} ok, [red]failed: {string.Join(", ", failed)}[/]";
            var age = now - DateTimeOffset.Parse(set.StartedAt, System.Globalization.CultureInfo.InvariantCulture);
            var verified = set.Verification switch
            {
                null => "never",
                { Status: "passed" } v => $"{StatusReporter.Age(now - DateTimeOffset.Parse(v.At, System.Globalization.CultureInfo.InvariantCulture))} ago{(v.Restore ? ", restored" : "")}",
                _ => "[red]FAILED[/]",
            };
            table.AddRow(new Markup(Markup.Escape(set.Id)), new Text(StatusReporter.Age(age)), new Markup(status), new Markup(databases), new Text(Sizes.Bytes(set.Bytes)), new Markup(verified));
        }

        AnsiConsole.Write(table);
        foreach (var tier in list.Tiers)
        {
            Console.WriteLine($"{tier.Name}: {Sizes.Plural(tier.Sets, "set")}, {Sizes.Bytes(tier.Bytes)}");
        }

        Console.WriteLine($"total: {Sizes.Plural(list.Sets.Count, "set")}, {Sizes.Bytes(list.TotalBytes)} in {list.Root} ({(list.FreeBytes is { } free ? Sizes.Bytes(free) : "unknown") + " free"})");
    }
}
