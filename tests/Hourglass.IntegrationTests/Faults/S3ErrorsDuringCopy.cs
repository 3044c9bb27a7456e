namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The S3 server answering errors (<c>503 SlowDown</c> or <c>500 InternalError</c>, to every request) for 1–4 s while
/// <c>hourglass copy</c> runs: the copy rides through on its retries, or fails with one clear line; then copying the
/// set again must succeed.
/// </summary>
internal sealed class S3ErrorsDuringCopy : Fault
{
    public override string Kind => "S3 server answering errors during copy";

    public override async Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken)
    {
        var failing = TimeSpan.FromSeconds(1 + (random.NextDouble() * 3));
        var slowDown = random.Next(2) == 0;
        var answeredBefore = lab.S3Front.Answered;
        var result = await CopyUnderFault.RunAsync(
            lab,
            MomentWithin(lab.Usual.Copy, random),
            _ =>
            {
                lab.S3Front.FailFor(failing, slowDown);
                return Task.CompletedTask;
            },
            () => Task.Delay(failing, TimeProvider.System, cancellationToken),
            result => result.ExitCode == 0 ? null : ClearFailure("the copy", result),
            cancellationToken);
        return result with { Detail = $"{(slowDown ? "503 SlowDown" : "500 InternalError")} for {failing.TotalSeconds:0.0} s, {lab.S3Front.Answered - answeredBefore} requests answered with it" };
    }
}
