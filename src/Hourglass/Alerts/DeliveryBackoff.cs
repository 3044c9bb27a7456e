namespace Hourglass.Alerts;

/// <summary>
/// How long a failed send waits before the next: the jobs' formula (Scheduling's <c>Backoff</c>),
/// <c>min(cap, first · 2^(attempt − 1))</c> plus up to 10% jitter, with a shorter first step, since a message is
/// worth most while the problem is new. After <see cref="MaxAttempts"/> a delivery is <c>failed</c>.
/// </summary>
internal static class DeliveryBackoff
{
    /// <summary>Sends tried before a delivery is given up.</summary>
    public const int MaxAttempts = 10;

    /// <summary>The wait after the first failed send.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(15);

    /// <summary>The delay after attempt <paramref name="attempt"/> (1-based) failed; <paramref name="jitter"/> in [0, 1); null when that was the last.</summary>
    public static TimeSpan? Delay(int attempt, double jitter) => attempt >= MaxAttempts ? null : Delay(attempt, jitter, First, Cap);

    /// <summary>The formula with its own first step and cap (the dead man's switch retries within seconds).</summary>
    public static TimeSpan Delay(int attempt, double jitter, TimeSpan first, TimeSpan cap)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 20);
        var delay = TimeSpan.FromTicks(Math.Min(cap.Ticks, first.Ticks << exponent));
        return delay + delay * (0.1 * Math.Clamp(jitter, 0, 0.999999));
    }
}
