using Cronos;

namespace Hourglass.Configuration;

/// <summary>
/// A cron expression parsed once, with the time zone it is read in: when a tier (or scheduled verification) runs.
/// Parsing lives here, beside the options it validates, so nothing below Scheduling needs Scheduling.
/// </summary>
public sealed record CronSchedule
{
    private CronSchedule(string expression, CronExpression cron, TimeZoneInfo zone)
    {
        Expression = expression;
        Cron = cron;
        Zone = zone;
    }

    /// <summary>The expression as configured: 5 fields, or 6 with seconds first.</summary>
    public string Expression { get; }

    /// <summary>The time zone the expression is read in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>True when the expression has a seconds field, so it must be looked at every second rather than every minute.</summary>
    public bool HasSeconds => Fields(Expression) == 6;

    private CronExpression Cron { get; }

    /// <summary>Parses 5 fields (minute precision) or 6 (seconds first). Throws <see cref="CronFormatException"/> when invalid.</summary>
    public static CronSchedule Parse(string expression, TimeZoneInfo zone) =>
        new(expression, CronExpression.Parse(expression, Fields(expression) == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard), zone);

    /// <summary>Why <paramref name="expression"/> is not a cron expression, or null when it is one.</summary>
    public static string? Problem(string? expression)
    {
        try
        {
            _ = Parse(expression ?? "", TimeZoneInfo.Utc);
            return null;
        }
        catch (CronFormatException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    /// <summary>The first slot strictly after <paramref name="after"/>, or null if the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) => Cron.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>The gap between the next two slots after <paramref name="now"/>: how often this schedule runs.</summary>
    public TimeSpan IntervalAfter(DateTimeOffset now)
    {
        var first = NextAfter(now);
        var second = first is { } f ? NextAfter(f) : null;
        return first is { } a && second is { } b ? b - a : TimeSpan.MaxValue;
    }

    /// <summary>The slots in (<paramref name="after"/>, <paramref name="until"/>], oldest first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<DateTimeOffset> Between(DateTimeOffset after, DateTimeOffset until, int limit = 10_000)
    {
        var slots = new List<DateTimeOffset>();
        for (var next = NextAfter(after); next is { } slot && slot <= until && slots.Count < limit; next = NextAfter(slot))
        {
            slots.Add(slot);
        }

        return slots;
    }

    private static int Fields(string expression) => expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
