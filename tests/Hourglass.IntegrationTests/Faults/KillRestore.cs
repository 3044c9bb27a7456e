namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// SIGKILL of <c>hourglass restore --into</c> at a random moment (pre-data, data or post-data): the target is absent
/// or whole; then the same restore run again must succeed, and remove what the killed one left.
/// </summary>
internal sealed class KillRestore : Fault
{
    public override string Kind => "SIGKILL restore";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var target = RestoredTarget.For(random);
        var (result, mid) = await RunUnderFault.RunAsync(
            lab,
            MomentWithin(lab.Usual.Restore, random),
            run => { run.Kill(); return Task.CompletedTask; },
            cancellationToken,
            "restore", "latest", "--db", lab.Source, "--into", target);
        return FaultResult.Of(
            mid ? Landings.Mid : Landings.After,
            [mid ? null : Succeeded("the restore", result), .. await RestoredTarget.RecoverAsync(lab, target, succeeded: !mid, cancellationToken)]);
    }
}
