namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL restarted (<c>pg_ctl restart -m fast</c>) while <c>hourglass backup</c> runs: the backup either
/// finished, or fails with one clear line (the set marked partial, or no set); then the next backup must succeed.
/// </summary>
internal sealed class PostgresRestartDuringBackup : Fault
{
    public override string Kind => "PostgreSQL restarted during backup";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var (result, mid) = await RunUnderFault.RunAsync(
            lab, MomentWithin(lab.Usual.Backup, random), _ => lab.Cluster.RestartAsync(), cancellationToken, "backup", "--tier", Lab.Tier);
        var again = await lab.RunAsync(cancellationToken, "backup", "--tier", Lab.Tier);
        return FaultResult.Of(
            mid ? Landings.Mid : Landings.After,
            result.ExitCode == 0 ? null : ClearFailure("the backup", result),
            Succeeded("the next backup", again));
    }
}
