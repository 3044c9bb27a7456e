using System.CommandLine;
using Hourglass.Cli.Commands;

namespace Hourglass.Cli;

/// <summary>
/// The <c>hourglass</c> command: builds the command tree, and turns every failure into one line on standard error
/// and an exit code (0 success, 1 the work failed, 2 bad usage or config). Stack traces only with HOURGLASS_DEBUG=1.
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = BuildCommand();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line, as for every other error (found by the command-line fuzzer: each problem was a line of its own).
            var more = parsed.Errors.Count - 1;
            var also = more == 0 ? "" : $" (and {more} more problem{(more == 1 ? "" : "s")} on the command line)";
            await Console.Error.WriteLineAsync($"error: {parsed.Errors[0].Message.TrimEnd('.')}{also}");

            await Console.Error.WriteLineAsync("Run 'hourglass --help' (or 'hourglass COMMAND --help') for usage.");
            return (int)ExitCode.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                // Ctrl-C and SIGTERM cancel the running command's token; cleanup (killing pg_dump, removing a .partial set) gets this long.
                ProcessTerminationTimeout = TimeSpan.FromSeconds(10),
            });
        }
        catch (HourglassException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return (int)e.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"error: {Errors.Cancelled().Message}");
            return (int)ExitCode.Failed;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("HOURGLASS_DEBUG") != "1")
        {
            await Console.Error.WriteLineAsync($"error: unexpected {e.GetType().Name}: {e.Message} (run with HOURGLASS_DEBUG=1 for details, and please report it)");
            return (int)ExitCode.Failed;
        }
    }

    internal static Command BuildCommand()
    {
        // A plain Command rather than RootCommand, so help says "hourglass" rather than the assembly's file name.
        var root = new Command("hourglass", "Hourglass: scheduled, verified PostgreSQL backups.");
        root.Options.Add(new System.CommandLine.Help.HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(GlobalOptions.Config);
        root.Subcommands.Add(BackupCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(RestoreCommand.Create());
        root.Subcommands.Add(ShowCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(CopyCommand.Create());
        root.Subcommands.Add(PruneCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(EnqueueCommand.Create());
        root.Subcommands.Add(JobsCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(DoctorCommand.Create());
        root.Subcommands.Add(WebCommand.Create());
        root.Subcommands.Add(TokensCommand.Create());
        root.Subcommands.Add(AlertsCommand.Create());
        return root;
    }
}
