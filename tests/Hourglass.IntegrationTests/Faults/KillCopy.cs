namespace Hourglass.IntegrationTests.Faults;

/// <summary>SIGKILL of <c>hourglass copy</c> at a random moment; then copying the same set again must succeed.</summary>
internal sealed class KillCopy : Fault
{
    public override string Kind => "SIGKILL copy";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var backup = await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.Tier);
        var set = lab.NewestSet();
        var (result, mid) = await RunUnderFault.RunAsync(
            lab, MomentWithin(lab.Usual.Copy, random), run => { run.Kill(); return Task.CompletedTask; }, cancellationToken, "copy", set, "--to", Lab.TargetName);
        var again = await lab.RunAsync(cancellationToken, "copy", set, "--to", Lab.TargetName);
        return FaultResult.Of(
            mid ? Landings.Mid : Landings.After,
            Succeeded("the backup before the copy", backup),
            mid ? null : Succeeded("the copy", result),
            Succeeded("the copy again", again));
    }
}
