using System.Globalization;
using System.Text;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>A campaign's rounds as the table the README shows, and the failure message that replays it.</summary>
internal sealed record CampaignReport(int Seed, IReadOnlyList<RoundRecord> Rounds)
{
    private static readonly string[] Columns = [Landings.Mid, Landings.After, Landings.Detected];

    public int Violations => Rounds.Sum(r => r.Violations.Count);

    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Seed {Seed}, {Rounds.Count} rounds, {Rounds.Sum(r => r.Took.TotalMinutes):0.0} minutes of rounds.");
        text.AppendLine();
        text.AppendLine("| fault | rounds | struck mid-run | struck after the run finished | damage found by verify | invariant violations |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in Campaign.Kinds.Select(k => k.Kind).Where(k => Rounds.Any(r => r.Kind == k)))
        {
            var rounds = Rounds.Where(r => r.Kind == kind).ToList();
            var landed = Columns.Select(c => rounds.Count(r => r.Landing == c).ToString(CultureInfo.InvariantCulture));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {rounds.Count} | {string.Join(" | ", landed)} | {rounds.Sum(r => r.Violations.Count)} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| **all** | {Rounds.Count} | {string.Join(" | ", Columns.Select(c => Rounds.Count(r => r.Landing == c)))} | {Violations} |");
        return text.ToString();
    }

    /// <summary>Every violated round, with what replays the campaign.</summary>
    public string Failure() =>
        $"{Violations} invariant violations; replay with faults/run.sh --seed {Seed} --rounds {Rounds.Count}\n"
        + string.Join('\n', Rounds.Where(r => r.Violations.Count > 0));
}
