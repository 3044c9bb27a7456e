using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// One kind of fault: it runs Hourglass, strikes at a moment the round's random source picks, lets the system recover
/// as a person would (run the command again), and says what happened and which of its own promises broke. The
/// invariants every round must keep (<see cref="Invariants"/>) are checked by the campaign after it.
/// </summary>
internal abstract class Fault
{
    /// <summary>The fault's name in the table and in a replay.</summary>
    public abstract string Kind { get; }

    /// <summary>How often the campaign picks this kind against the others (1): the long ones less often.</summary>
    public virtual double Weight => 1;

    public abstract Task<FaultResult> RunAsync(Lab lab, Random random, CancellationToken cancellationToken);

    /// <summary>A moment within <paramref name="usual"/> (and a little past it, so some runs finish first).</summary>
    protected static TimeSpan MomentWithin(TimeSpan usual, Random random) => usual * (random.NextDouble() * 1.1);

    /// <summary>
    /// What a run that did not finish must have left: exit 1 or 2 with one line saying what went wrong, and no stack
    /// trace; null when it did, else the broken promise.
    /// </summary>
    internal static string? ClearFailure(string what, CliResult result)
    {
        if (result.ExitCode is not (1 or 2))
        {
            return $"{what} exited {result.ExitCode}, not 1 or 2: {Tail(result)}";
        }

        if (result.ErrorLines.Count == 0)
        {
            return $"{what} failed without an 'error:' line: {Tail(result)}";
        }

        return result.ShowsStackTrace ? $"{what} printed a stack trace or an unexpected error: {Tail(result)}" : null;
    }

    /// <summary>The recovery run must succeed; null when it did.</summary>
    internal static string? Succeeded(string what, CliResult result) =>
        result.ExitCode == 0 ? null : $"{what} after the fault exited {result.ExitCode}: {Tail(result)}";

    /// <summary>The last lines a run wrote, enough to see why without the whole log.</summary>
    protected static string Tail(CliResult result) =>
        string.Join(" | ", (result.Stderr + "\n" + result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(4));
}

/// <summary>How a fault landed (<see cref="Landing"/>, one of <see cref="Landings"/>), which promises it broke, and what it struck, for the log.</summary>
internal sealed record FaultResult(string Landing, IReadOnlyList<string> Violations)
{
    public string? Detail { get; init; }

    /// <summary>What the processes the round ran wrote, for the log when the round broke a promise.</summary>
    public string? Output { get; init; }

    public static FaultResult Of(string landing, params string?[] violations) => new(landing, [.. violations.OfType<string>()]);
}

/// <summary>The ways a fault meets a run, for the table.</summary>
internal static class Landings
{
    public const string Mid = "mid-run";
    public const string After = "after it finished";
    public const string Detected = "damage found";
}
