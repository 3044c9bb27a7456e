namespace Hourglass.IntegrationTests.Faults;

/// <summary>SIGKILL of <c>hourglass backup</c> at a random moment; then the next backup must succeed.</summary>
internal sealed class KillBackup : Fault
{
    public override string Kind => "SIGKILL backup";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var (result, mid) = await RunUnderFault.RunAsync(
            lab, MomentWithin(lab.Usual.Backup, random), run => { run.Kill(); return Task.CompletedTask; }, cancellationToken, "backup", "--tier", Lab.Tier);
        var again = await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.Tier);
        return FaultResult.Of(mid ? Landings.Mid : Landings.After, mid ? null : Succeeded("the backup", result), Succeeded("the next backup", again));
    }
}
