using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>A new set copied to the target while a fault strikes, then, after <c>recover</c>, copied again as a person would.</summary>
internal static class CopyUnderFault
{
    /// <param name="judgeStruck">What the copy the fault struck must have done; null when it kept its promises.</param>
    public static async Task<FaultResult> RunAsync(
        Lab lab, TimeSpan moment, Func<WatchedCli, Task> strike, Func<Task> recover, Func<CliResult, string?> judgeStruck, CancellationToken cancellationToken)
    {
        var backup = await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.Tier);
        var set = lab.NewestSet();
        var (result, mid) = await RunUnderFault.RunAsync(lab, moment, strike, cancellationToken, "copy", set, "--to", Lab.TargetName);
        if (mid)
        {
            await recover();
        }

        var again = await lab.RunAsync(cancellationToken, "copy", set, "--to", Lab.TargetName);
        return FaultResult.Of(
            mid ? Landings.Mid : Landings.After,
            Fault.Succeeded("the backup before the copy", backup),
            mid ? judgeStruck(result) : Fault.Succeeded("the copy", result),
            Fault.Succeeded("the copy again", again));
    }
}
