namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL stopped (<c>pg_ctl stop -m fast</c>) for 1–4 s while <c>hourglass restore --into</c> runs: the restore
/// finished or fails with one clear line, the target is absent or whole; then the same restore must succeed.
/// </summary>
internal sealed class PostgresDownDuringRestore : Fault
{
    public override string Kind => "PostgreSQL stopped during restore";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var target = RestoredTarget.For(random);
        var down = TimeSpan.FromSeconds(1 + (random.NextDouble() * 3));
        var halted = false;
        var (result, mid) = await RunUnderFault.RunAsync(
            lab,
            MomentWithin(lab.Usual.Restore, random),
            async _ =>
            {
                await lab.Cluster.HaltAsync();
                halted = true;
            },
            cancellationToken,
            "restore", "latest", "--db", lab.Source, "--into", target);
        if (halted)
        {
            await Task.Delay(down, TimeProvider.System, cancellationToken);
            await lab.Cluster.ResumeAsync();
        }

        return FaultResult.Of(
            mid ? Landings.Mid : Landings.After,
            [result.ExitCode == 0 ? null : ClearFailure("the restore", result), .. await RestoredTarget.RecoverAsync(lab, target, succeeded: result.ExitCode == 0, cancellationToken)]);
    }
}
