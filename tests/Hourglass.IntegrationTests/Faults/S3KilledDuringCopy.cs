namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The S3 server killed (every process, SIGKILL) while <c>hourglass copy</c> runs and started again a few seconds
/// later: the copy fails with one clear line or finished first; then copying the set again must succeed.
/// </summary>
internal sealed class S3KilledDuringCopy : Fault
{
    public override string Kind => "S3 server killed during copy";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var backup = await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.Tier);
        var set = lab.NewestSet();
        var down = TimeSpan.FromSeconds(1 + (random.NextDouble() * 3));
        var (result, mid) = await RunUnderFault.RunAsync(
            lab,
            MomentWithin(lab.Usual.Copy, random),
            async _ => await lab.S3.KillAsync(),
            cancellationToken,
            "copy",
            set,
            "--to",
            Lab.TargetName);
        if (mid)
        {
            await Task.Delay(down, TimeProvider.System, cancellationToken);
            await lab.S3.RestartAsync();
        }

        var again = await lab.RunAsync(cancellationToken, "copy", set, "--to", Lab.TargetName);
        return FaultResult.Of(
            mid ? Landings.Mid : Landings.After,
            Succeeded("the backup before the copy", backup),
            mid && result.ExitCode != 0 ? ClearFailure("the copy", result) : Succeeded("the copy", result),
            Succeeded("the copy again", again));
    }
}
