using System.Diagnostics;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// Rounds of faults against one lab. Every choice (which fault, when it strikes, what it damages) comes from one
/// seeded random source, each round from its own source drawn from it, so a seed replays the same campaign.
/// </summary>
internal sealed class Campaign(Lab lab, int seed, Action<string> log)
{
    /// <summary>Every kind of fault the campaign injects.</summary>
    public static IReadOnlyList<Fault> Kinds { get; } =
    [
        new KillBackup(),
        new PostgresRestartDuringBackup(),
        new KillRestore(),
        new PostgresDownDuringRestore(),
        new KillCopy(),
        new S3KilledDuringCopy(),
        new DamagedLocalFile(),
        new DamagedTargetObject(),
        new DiskFull(),
    ];

    public async Task<CampaignReport> RunAsync(int rounds, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        // The first rounds take every kind once, in a seeded order, so that even a short campaign covers them all.
        var firsts = Kinds.OrderBy(_ => random.Next()).ToList();
        var records = new List<RoundRecord>();
        for (var round = 1; round <= rounds; round++)
        {
            var fault = round <= firsts.Count ? firsts[round - 1] : Kinds[random.Next(Kinds.Count)];
            var roundRandom = new Random(random.Next());
            var stopwatch = Stopwatch.StartNew();
            var before = await Invariants.TakeAsync(lab, cancellationToken);
            FaultResult result;
            try
            {
                result = await fault.RunAsync(lab, roundRandom, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = FaultResult.Of("round failed", $"the round itself failed: {e.GetType().Name}: {e.Message}");
            }

            var violations = result.Violations.Concat(await Invariants.CheckAsync(lab, before, cancellationToken)).ToList();
            var record = new RoundRecord(round, fault.Kind, result.Landing, violations, stopwatch.Elapsed);
            records.Add(record);
            log(record.ToString());
        }

        return new CampaignReport(seed, records);
    }
}

/// <summary>One round: the fault, how it landed, what broke, how long it took.</summary>
internal sealed record RoundRecord(int Round, string Kind, string Landing, IReadOnlyList<string> Violations, TimeSpan Took)
{
    public override string ToString() =>
        $"round {Round}: {Kind}, {Landing}, {Took.TotalSeconds:0.0} s, " + (Violations.Count == 0 ? "invariants hold" : "VIOLATED: " + string.Join("; ", Violations));
}
