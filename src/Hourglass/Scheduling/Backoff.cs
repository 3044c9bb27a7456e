namespace Hourglass.Scheduling;

/// <summary>
/// How long a failed job waits before its next attempt: <c>min(15 min, 30 s · 2^(attempt − 1))</c> plus up to 10%
/// jitter, so retries from many nodes do not arrive together. A cron job's retry that would land after its tier's
/// next slot is superseded: the next slot takes a fresh set anyway.
/// </summary>
internal static class Backoff
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(15);

    /// <summary>The delay after attempt <paramref name="attempt"/> (1-based) failed; <paramref name="jitter"/> in [0, 1).</summary>
    public static TimeSpan Delay(int attempt, double jitter)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 20);
        var delay = TimeSpan.FromTicks(Math.Min(Cap.Ticks, Base.Ticks << exponent));
        return delay + delay * (0.1 * Math.Clamp(jitter, 0, 0.999999));
    }

    /// <summary>True when a retry at <paramref name="retryAt"/> would come after the tier's next slot.</summary>
    public static bool IsSuperseded(DateTimeOffset retryAt, DateTimeOffset? nextSlot) => nextSlot is { } next && retryAt >= next;
}
