using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>Starts a hourglass run, waits for the fault's moment, strikes unless the run already ended, and waits for its end.</summary>
internal static class RunUnderFault
{
    public static async Task<(CliResult Result, bool StruckMidRun)> RunAsync(
        Lab lab, TimeSpan moment, Func<WatchedCli, Task> strike, CancellationToken cancellationToken, params string[] arguments)
    {
        using var run = lab.Start(arguments);
        var ended = run.WaitAsync(TimeSpan.FromMinutes(5), cancellationToken);
        var first = await Task.WhenAny(ended, Task.Delay(moment, TimeProvider.System, cancellationToken));
        var struckMidRun = first != ended;
        if (struckMidRun)
        {
            await strike(run);
        }

        return (await ended, struckMidRun);
    }
}
