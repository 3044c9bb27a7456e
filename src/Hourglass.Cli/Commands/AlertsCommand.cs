using System.CommandLine;
using Hourglass.Alerts;
using Hourglass.Cli.Rendering;
using Hourglass.Ledger;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass alerts [--limit N] [--json] | test</c>: open and recent alerts with each message's delivery state.</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var limit = new Option<int>("--limit") { Description = "Besides every open alert, at most this many recent ones (default 20).", HelpName = "N", DefaultValueFactory = _ => 20 };
        var json = GlobalOptions.Json();
        var command = new Command("alerts", "Open and recent alerts, and how sending each message went.") { limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken);
            var document = await AlertListDocument.ReadAsync(context.Get<IAlertLedger>(), parse.GetValue(limit), cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(document);
                return (int)ExitCode.Success;
            }

            if (document.Alerts.Count == 0)
            {
                Console.WriteLine("No alerts.");
                return (int)ExitCode.Success;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("State").AddColumn("Kind").AddColumn("Subject").AddColumn("Opened").AddColumn("Message").AddColumn("Deliveries");
            foreach (var alert in document.Alerts)
            {
                table.AddRow(
                    new Markup(alert.State == "open" ? "[red]open[/]" : "[green]resolved[/]"),
                    new Text(alert.Kind),
                    new Text(alert.Subject),
                    new Text(alert.OpenedAt),
                    new Text(alert.ResolvedMessage ?? alert.Message),
                    new Text(string.Join("\n", alert.Deliveries.Select(Delivery))));
            }

            AnsiConsole.Write(table);
            return (int)ExitCode.Success;
        });
        command.Subcommands.Add(AlertsTestCommand.Create());
        return command;
    }

    private static string Delivery(AlertDeliveryDocument d) =>
        $"{d.Event} {d.Channel}: {d.State}{(d.Attempts > 1 || d.State != "sent" ? $" ({d.Attempts} attempts)" : "")}{(d.State != "sent" && d.LastError is { } error ? ": " + error : "")}";
}
