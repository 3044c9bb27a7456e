using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The fault campaign (README, "Reliability"). In <c>./test.sh</c> it is the smoke round: every kind of fault once,
/// so the campaign cannot rot. <c>faults/run.sh</c> runs the same test with <c>HOURGLASS_FAULT_ROUNDS</c>,
/// <c>HOURGLASS_FAULT_SEED</c>, <c>HOURGLASS_FAULT_KINDS</c> (only these kinds) and <c>HOURGLASS_FAULT_REPORT</c>
/// (where to write the table) set.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class FaultCampaignTests
{
    /// <summary>The smoke round's seed: fixed, so CI replays the same choices each time.</summary>
    private const int SmokeSeed = 20261207;

    [Fact]
    public async Task Campaign_EveryKindOfFault_LeavesEveryInvariantHolding()
    {
        var ct = TestContext.Current.CancellationToken;
        var kinds = Campaign.Select(Environment.GetEnvironmentVariable("HOURGLASS_FAULT_KINDS"));
        var rounds = Setting("HOURGLASS_FAULT_ROUNDS") ?? kinds.Count;
        var seed = Setting("HOURGLASS_FAULT_SEED") ?? SmokeSeed;
        var rows = Setting("HOURGLASS_FAULT_ROWS") ?? 40_000;
        var output = TestContext.Current.TestOutputHelper;
        var log = Environment.GetEnvironmentVariable("HOURGLASS_FAULT_LOG") is { Length: > 0 } logFile
            ? line => { output?.WriteLine(line); File.AppendAllText(logFile, line + "\n"); }
            : (Action<string>)(line => output?.WriteLine(line));

        await using var lab = await Lab.StartAsync(rows, smoke: Setting("HOURGLASS_FAULT_ROUNDS") is null, ct);
        log($"seed {seed}, {rounds} rounds; usual backup {lab.Usual.Backup.TotalSeconds:0.00} s, copy {lab.Usual.Copy.TotalSeconds:0.00} s, restore {lab.Usual.Restore.TotalSeconds:0.00} s");
        var report = await new Campaign(lab, seed, kinds, log).RunAsync(rounds, ct);
        log(report.Table());
        if (Environment.GetEnvironmentVariable("HOURGLASS_FAULT_REPORT") is { Length: > 0 } reportFile)
        {
            await File.WriteAllTextAsync(reportFile, report.Table(), ct);
        }

        Assert.True(report.Violations == 0, report.Failure());
    }

    private static int? Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? int.Parse(value, CultureInfo.InvariantCulture) : null;
}
