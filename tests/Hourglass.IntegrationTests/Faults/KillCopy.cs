namespace Hourglass.IntegrationTests.Faults;

/// <summary>SIGKILL of <c>hourglass copy</c> at a random moment; then copying the same set again must succeed.</summary>
internal sealed class KillCopy : Fault
{
    public override string Kind => "SIGKILL copy";

    public override Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken) =>
        CopyUnderFault.RunAsync(
            lab,
            MomentWithin(lab.Usual.Copy, random),
            run => { run.Kill(); return Task.CompletedTask; },
            () => Task.CompletedTask,
            _ => null,
            cancellationToken);
}
