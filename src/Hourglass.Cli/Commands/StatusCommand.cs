using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Health;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass status [--json]</c>: exits 1 when a backup is stale or no node is alive, so it works as a monitoring check.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = GlobalOptions.Json();
        var command = new Command("status", "Tiers, databases' newest good backups, nodes and disk; exit 1 when something is stale or down.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken); // a clear one-line error when the ledger cannot be opened
            var report = await context.Get<StatusReporter>().ReportAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(StatusDocument.From(report));
            }
            else
            {
                Render(report);
            }

            return (int)(report.Healthy ? ExitCode.Success : ExitCode.Failed);
        });
        return command;
    }

    /// <summary>Failed, proven by a test restore, or checked by checksums only: the last two are not the same promise.</summary>
    private static string Verification(DatabaseStatus database, DateTimeOffset now) => database switch
    {
        { Verification: "failed" } => "[red]FAILED[/]",
        { Proof: "restore" } => $"[green]proven by restore[/] {StatusReporter.Age(now - database.ProvenAt!.Value)} ago",
        { Proof: "checksums", ProvenAt: { } proven } => $"checksums only {StatusReporter.Age(now - database.VerifiedAt!.Value)} ago; proven by restore {StatusReporter.Age(now - proven)} ago",
        { Proof: "checksums" } => $"[yellow]checksums only[/] {StatusReporter.Age(now - database.VerifiedAt!.Value)} ago, never restored",
        _ => "never verified",
    };

    private static void Render(StatusReport report)
    {
        var tiers = new Table().Border(TableBorder.Rounded).AddColumn("Tier").AddColumn("Cron").AddColumn("Next slot").AddColumn("Last job").AddColumn(new TableColumn("Sets").RightAligned()).AddColumn(new TableColumn("Size").RightAligned());
        foreach (var tier in report.Tiers)
        {
            var last = tier.LastJobId is null ? "none yet" : $"#{tier.LastJobId} {tier.LastJobState}{(tier.LastError is null ? "" : ": " + tier.LastError)}";
            tiers.AddRow(Markup.Escape(tier.Name), Markup.Escape(tier.Cron), tier.NextSlot is { } next ? $"in {StatusReporter.Age(next - report.Now)}" : "never", Markup.Escape(last), tier.Sets.ToString(System.Globalization.CultureInfo.InvariantCulture), Sizes.Bytes(tier.Bytes));
        }

        var databases = new Table().Border(TableBorder.Rounded).AddColumn("Database").AddColumn("Newest good backup").AddColumn("Age").AddColumn("").AddColumn("Verification").AddColumn(new TableColumn("Last restore").RightAligned());
        foreach (var database in report.Databases)
        {
            databases.AddRow(
                Markup.Escape(database.Name),
                Markup.Escape(database.NewestGoodSet ?? "none"),
                database.NewestGoodAt is { } at ? StatusReporter.Age(report.Now - at) : "",
                database.Stale ? $"[red]STALE[/] (limit {StatusReporter.Age(database.StaleAfter)})" : "[green]ok[/]",
                Verification(database, report.Now),
                database.RestoreDuration is { } rto ? Sizes.Duration(rto) : "never");
        }

        AnsiConsole.Write(tiers);
        AnsiConsole.Write(databases);
        foreach (var target in report.Targets)
        {
            if (target.Error is not null)
            {
                Console.WriteLine($"target {target.Name} ({target.Location}): cannot be listed");
                continue;
            }

            var copies = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"target {target.Name} ({target.Location})"))
                .AddColumn("Database").AddColumn("Newest good copy").AddColumn("Age").AddColumn("");
            foreach (var copy in target.Databases)
            {
                copies.AddRow(
                    Markup.Escape(copy.Name),
                    Markup.Escape(copy.NewestGoodSet ?? "none"),
                    copy.NewestGoodAt is { } at ? StatusReporter.Age(report.Now - at) : "",
                    copy.Stale ? $"[red]STALE[/] (limit {StatusReporter.Age(copy.StaleAfter)})" : "[green]ok[/]");
            }

            AnsiConsole.Write(copies);
        }
        foreach (var node in report.Nodes)
        {
            Console.WriteLine($"node {node.Id}: {(node.Alive ? "alive" : "silent")}, heartbeat {StatusReporter.Age(report.Now - node.HeartbeatAt)} ago{(node.Running is null ? ", idle" : ", running " + node.Running)}");
        }

        Console.WriteLine($"disk: {(report.FreeBytes is { } free ? Sizes.Bytes(free) : "unknown")} free");
        foreach (var problem in report.Problems)
        {
            Console.WriteLine($"PROBLEM: {problem}");
        }

        Console.WriteLine(report.Healthy ? "status: ok" : "status: FAILING");
    }
}
