namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The S3 server killed (every process, SIGKILL) while <c>hourglass copy</c> runs and started again 1–4 s later: the
/// copy fails with one clear line or finished first; then copying the set again must succeed.
/// </summary>
internal sealed class S3KilledDuringCopy : Fault
{
    public override string Kind => "S3 server killed during copy";

    public override Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var down = TimeSpan.FromSeconds(1 + (random.NextDouble() * 3));
        return CopyUnderFault.RunAsync(
            lab,
            MomentWithin(lab.Usual.Copy, random),
            _ => lab.S3.KillAsync(),
            async () =>
            {
                await Task.Delay(down, TimeProvider.System, cancellationToken);
                await lab.S3.RestartAsync();
            },
            result => result.ExitCode == 0 ? null : ClearFailure("the copy", result),
            cancellationToken);
    }
}
