using Cronos;
using Hourglass.Configuration;

namespace Hourglass.Scheduling;

/// <summary>A tier with its cron expression parsed: when it runs, in which time zone, and how many sets it keeps.</summary>
public sealed record CronTier(string Name, string Expression, CronExpression Cron, TimeZoneInfo Zone, int Keep)
{
    /// <summary>Builds the tiers in force from validated options.</summary>
    public static IReadOnlyList<CronTier> From(HourglassOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        return options.EffectiveTiers
            .Select(t => new CronTier(t.Key, t.Value.Cron, Parse(t.Value.Cron), zone, t.Value.Keep))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Parses 5 fields (minute precision) or 6 (seconds first).</summary>
    public static CronExpression Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return CronExpression.Parse(expression, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    /// <summary>The parsed expression, or null with the parser's reason.</summary>
    public static CronExpression? TryParse(string expression, out string? error)
    {
        try
        {
            error = null;
            return Parse(expression ?? "");
        }
        catch (CronFormatException e)
        {
            error = e.Message.TrimEnd('.');
            return null;
        }
    }

    /// <summary>The first slot strictly after <paramref name="after"/>, or null if the expression never fires again.</summary>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        Cron.GetNextOccurrence(after, Zone, inclusive: false);

    /// <summary>The gap between the next two slots after <paramref name="now"/>: how often this tier runs.</summary>
    public TimeSpan IntervalAfter(DateTimeOffset now)
    {
        var first = NextAfter(now);
        var second = first is { } f ? NextAfter(f) : null;
        return first is { } a && second is { } b ? b - a : TimeSpan.MaxValue;
    }

    /// <summary>The tier a manual backup goes to when none is named: the one that runs most often.</summary>
    public static CronTier MostFrequent(IReadOnlyList<CronTier> tiers, DateTimeOffset now) =>
        tiers.OrderBy(t => t.IntervalAfter(now)).ThenBy(t => t.Name, StringComparer.Ordinal).First();
}
