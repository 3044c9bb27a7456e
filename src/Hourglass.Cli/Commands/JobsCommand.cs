using System.CommandLine;
using Hourglass.Cli.Rendering;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Spectre.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass jobs [--state S]... [--kind K] [--limit N] [--json] | show ID | retry ID | cancel ID</c>.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var states = new Option<JobState[]>("--state") { Description = "Only jobs in this state (repeatable): scheduled, available, executing, retryable, completed, discarded, cancelled.", HelpName = "S" };
        var kind = new Option<JobKind?>("--kind") { Description = "Only this kind: backup, restore, verify, prune, copy.", HelpName = "K" };
        var limit = new Option<int>("--limit") { Description = "At most this many (default 50).", HelpName = "N", DefaultValueFactory = _ => 50 };
        var json = GlobalOptions.Json();
        var command = new Command("jobs", "Look at the job ledger: newest jobs first.") { states, kind, limit, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            var ledger = await context.LedgerAsync(cancellationToken);
            var views = await JobDocuments.ListAsync(ledger, new JobQuery(parse.GetValue(states), parse.GetValue(kind), parse.GetValue(limit)), cancellationToken);

            if (parse.GetValue(json))
            {
                JsonOutput.Write(views);
                return (int)ExitCode.Success;
            }

            if (views.Count == 0)
            {
                Console.WriteLine($"No jobs in {JobLedgerFactory.Describe(ledger)}.");
                return (int)ExitCode.Success;
            }

            var table = new Table().Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("Id").RightAligned()).AddColumn("Kind").AddColumn("Args").AddColumn("State")
                .AddColumn("Attempt").AddColumn("Scheduled").AddColumn(new TableColumn("Took").RightAligned()).AddColumn("Node").AddColumn("Last error");
            foreach (var view in views)
            {
                table.AddRow(
                    new Text(view.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(view.Kind),
                    new Text(JobView.ArgsLine(view)),
                    new Markup(StateMarkup(view.State)),
                    new Text($"{view.Attempt}/{view.MaxAttempts}"),
                    new Text(JobView.Short(view.ScheduledAt)),
                    new Text(JobView.DurationText(view)),
                    new Text(view.Node ?? ""),
                    new Text(view.LastError ?? ""));
            }

            AnsiConsole.Write(table);
            return (int)ExitCode.Success;
        });
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Change("retry", "Put a discarded or cancelled job back to available.", (jobs, id, ct) => jobs.RetryAsync(id, ct), "is back to available"));
        command.Subcommands.Add(Change("cancel", "Cancel a queued job, or stop an executing one at its next heartbeat.", (jobs, id, ct) => jobs.CancelAsync(id, ct), "is cancelled (an executing job stops at its next heartbeat)"));
        return command;
    }

    private static Command Show()
    {
        var id = new Argument<long>("ID") { Description = "The job's id." };
        var json = GlobalOptions.Json();
        var command = new Command("show", "One job: its arguments, every error and its timeline.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            var ledger = await context.LedgerAsync(cancellationToken);
            var jobId = parse.GetValue(id);
            var job = await ledger.GetAsync(jobId, cancellationToken) ?? throw Errors.JobNotFound(jobId);
            var view = JobDocument.From(job, await ledger.ErrorsAsync(jobId, cancellationToken));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(view);
                return (int)ExitCode.Success;
            }

            Console.WriteLine($"job {view.Id}: {view.Kind} {JobView.ArgsLine(view)}");
            Console.WriteLine($"state:    {view.State}, attempt {view.Attempt} of {view.MaxAttempts}{(job.CancelRequested ? ", cancel requested" : "")}");
            Console.WriteLine($"trigger:  {view.Meta.GetProperty("trigger")}{(view.CronName is null ? "" : $" ({view.CronName} slot {view.CronSlot})")}");
            Console.WriteLine($"result:   {view.Meta}");
            Console.WriteLine("timeline:");
            var timeline = new List<(string At, string What)> { (view.InsertedAt, "inserted"), (view.ScheduledAt, $"scheduled{(view.Attempt > 0 ? " (latest)" : "")}") };
            timeline.AddRange(view.Errors!.Select(e => (e.At, $"attempt {e.Attempt} failed on {e.Node}: {e.Message}")));
            if (view.AttemptedAt is { } attempted)
            {
                timeline.Add((attempted, $"attempt {view.Attempt} started{(view.Node is null ? "" : $" on {view.Node}")}"));
            }

            if (view.FinishedAt is { } finished)
            {
                timeline.Add((finished, view.State));
            }

            foreach (var (at, what) in timeline.OrderBy(t => t.At, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {at}  {what}");
            }

            return (int)ExitCode.Success;
        });
        return command;
    }

    private static Command Change(string name, string description, Func<ManualJobs, long, CancellationToken, Task<Job?>> change, string done)
    {
        var id = new Argument<long>("ID") { Description = "The job's id." };
        var command = new Command(name, description) { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken);
            var jobId = parse.GetValue(id);
            _ = await change(context.Get<ManualJobs>(), jobId, cancellationToken) ?? throw Errors.JobNotFound(jobId);
            Console.WriteLine($"job {jobId} {done}");
            return (int)ExitCode.Success;
        });
        return command;
    }

    private static string StateMarkup(string state) => state switch
    {
        "completed" => "[green]completed[/]",
        "executing" => "[blue]executing[/]",
        "retryable" => "[yellow]retryable[/]",
        "discarded" => "[red]discarded[/]",
        _ => state,
    };
}
