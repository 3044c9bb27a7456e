using System.CommandLine;
using Hourglass.Backups;
using Hourglass.Cli.Rendering;
using Hourglass.Health;
using Hourglass.Storage;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass list [--tier T] [--db NAME] [--json]</c>: the sets on disk, newest first, from the files alone.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var tier = GlobalOptions.Tier("Only this tier's sets.");
        var database = new Option<string?>("--db") { Description = "Only sets holding this database, with its dump's size.", HelpName = "NAME" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "List backup sets, newest first, with totals per tier.") { tier, database, json };
        command.SetAction(parse =>
        {
            using var context = CommandContext.Load(parse);
            var db = parse.GetValue(database);
            var sets = context.Store.AllSets(parse.GetValue(tier))
                .Where(s => db is null || s.Manifest?.Find(db) is not null)
                .ToList();
            var output = ToJson(context.Store, sets, db);
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

    private static ListJson ToJson(BackupStore store, IReadOnlyList<StoredSet> sets, string? database)
    {
        var entries = sets.Select(set => new SetJson(
            set.Id.ToString(),
            set.Id.Tier,
            JsonOutput.Time(set.Manifest?.StartedAt ?? set.Id.StartedAt),
            set.Manifest is { } m ? JsonOutput.Time(m.FinishedAt) : null,
            set.Manifest?.Status.ToString().ToLowerInvariant() ?? "unreadable",
            set.Bytes,
            set.Path,
            set.Problem,
            (set.Manifest?.Databases ?? [])
                .Where(d => database is null || d.Name == database)
                .Select(d => new SetDatabaseJson(d.Name, d.Status.ToString().ToLowerInvariant(), d.File, d.Bytes, d.RawBytes, d.Sha256, d.Error))
                .ToList(),
            set.Manifest?.Verification is { } v
                ? new SetVerificationJson(v.Status.ToString().ToLowerInvariant(), JsonOutput.Time(v.At), v.Restore, v.Problems)
                : null)).ToList();
        var tiers = sets.GroupBy(s => s.Id.Tier).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TierTotalJson(g.Key, g.Count(), g.Sum(s => s.Bytes))).ToList();
        return new ListJson(store.Root, sets.Sum(s => s.Bytes), store.FreeBytes(), tiers, entries);
    }

    private static void Render(ListJson list, DateTimeOffset now)
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

        Console.WriteLine($"total: {Sizes.Plural(list.Sets.Count, "set")}, {Sizes.Bytes(list.TotalBytes)} in {list.Root} ({Sizes.Bytes(list.FreeBytes)} free)");
    }
}
