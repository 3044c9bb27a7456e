using System.Diagnostics;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// Rounds of faults against one lab. Every choice (which fault, when it strikes, what it damages) comes from one
/// seeded random source, each round from its own source drawn from it, so a seed replays the same campaign.
/// </summary>
internal sealed class Campaign(Lab lab, int seed, IReadOnlyList<Fault> kinds, Action<string> log)
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
        new S3ErrorsDuringCopy(),
        new DamagedLocalFile(),
        new DamagedTargetObject(),
        new DiskFull(),
        new KillServeNode(),
        new LedgerOutage(),
        new ClockJump(),
        new SourceDownUnderServe(),
    ];

    /// <summary>The kinds whose class names <paramref name="names"/> lists (comma-separated), or every kind when it is empty.</summary>
    public static IReadOnlyList<Fault> Select(string? names) =>
        string.IsNullOrWhiteSpace(names)
            ? Kinds
            : [.. names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => Kinds.FirstOrDefault(k => k.GetType().Name == n) ?? throw new ArgumentException($"no fault kind {n}; the kinds: {string.Join(", ", Kinds.Select(k => k.GetType().Name))}"))];

    /// <summary>The invariants after a round; a lab the round left unable to answer is a violation with its seed, not the end of the campaign.</summary>
    private async Task<IReadOnlyList<string>> CheckAsync(Invariants.Snapshot before, CancellationToken cancellationToken)
    {
        try
        {
            return await Invariants.CheckAsync(lab, before, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return [$"the invariants could not be checked: {e.GetType().Name}: {e.Message}"];
        }
    }

    /// <summary>A kind drawn by its weight.</summary>
    private Fault Pick(Random random)
    {
        var draw = random.NextDouble() * kinds.Sum(k => k.Weight);
        foreach (var kind in kinds)
        {
            if ((draw -= kind.Weight) < 0)
            {
                return kind;
            }
        }

        return kinds[^1];
    }

    /// <summary>Longer than any round takes when all is well: a round that hangs is a failure with its seed, not a hung campaign.</summary>
    private static readonly TimeSpan RoundLimit = TimeSpan.FromMinutes(8);

    public async Task<CampaignReport> RunAsync(int rounds, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        // The first rounds take every kind once, in a seeded order, so that even a short campaign covers them all.
        var firsts = kinds.OrderBy(_ => random.Next()).ToList();
        var records = new List<RoundRecord>();
        for (var round = 1; round <= rounds; round++)
        {
            var fault = round <= firsts.Count ? firsts[round - 1] : Pick(random);
            var roundRandom = new Random(random.Next());
            var stopwatch = Stopwatch.StartNew();
            var before = await Invariants.TakeAsync(lab, cancellationToken);
            log($"round {round}: {fault.Kind} starts");
            FaultResult result;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(RoundLimit);
            try
            {
                result = await fault.RunAsync(lab, roundRandom, limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                result = FaultResult.Of("round failed", $"the round did not end within {RoundLimit.TotalMinutes:0} minutes");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = FaultResult.Of("round failed", $"the round itself failed: {e.GetType().Name}: {e.Message}");
            }

            var violations = result.Violations.Concat(await CheckAsync(before, cancellationToken)).ToList();
            var record = new RoundRecord(round, fault.Kind, result.Landing, result.Detail, violations, stopwatch.Elapsed);
            records.Add(record);
            log(record.ToString());
            if (violations.Count > 0 && result.Output is { } output)
            {
                log($"round {round}: what its processes wrote:\n{output}");
            }
        }

        return new CampaignReport(seed, records);
    }
}

/// <summary>One round: the fault, how it landed, what broke, how long it took.</summary>
internal sealed record RoundRecord(int Round, string Kind, string Landing, string? Detail, IReadOnlyList<string> Violations, TimeSpan Took)
{
    public override string ToString() =>
        $"round {Round}: {Kind}, {Landing}{(Detail is null ? "" : $" ({Detail})")}, {Took.TotalSeconds:0.0} s, " + (Violations.Count == 0 ? "invariants hold" : "VIOLATED: " + string.Join("; ", Violations));
}
