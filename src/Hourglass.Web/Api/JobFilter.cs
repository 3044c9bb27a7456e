using System.Globalization;
using Hourglass.Ledger;
using Microsoft.Extensions.Primitives;

namespace Hourglass.Web.Api;

/// <summary>
/// <c>/api/v1/jobs?state=&amp;kind=&amp;limit=&amp;before=</c> as a <see cref="JobQuery"/>: states repeated or comma-separated,
/// pages by id (<c>before</c> the last id of the page before). A bad value is a usage error naming it.
/// </summary>
internal static class JobFilter
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>The page when none is asked for, as <c>jobs</c> lists.</summary>
    public const int DefaultLimit = 50;

    public static JobQuery Parse(StringValues state, StringValues kind, StringValues limit, StringValues before)
    {
        var states = state.SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(s => Named<JobState>(s) ?? throw Errors.BadQueryValue("state", s, $"use one of {Names<JobState>()}"))
            .ToHashSet();
        return new JobQuery(
            states.Count > 0 ? states : null,
            Last(kind, "kind", Named<JobKind>, $"use one of {Names<JobKind>()}"),
            Last<int>(limit, "limit", text => Number(text) is { } n and >= 1 and <= MaxLimit ? (int)n : null, $"use a whole number from 1 to {MaxLimit}") ?? DefaultLimit,
            Last<long>(before, "before", text => Number(text) is { } n and > 0 ? n : null, "use a job id (the last id of the page before)"));
    }

    /// <summary>The last value given for <paramref name="parameter"/>, parsed; null when none was given.</summary>
    private static T? Last<T>(StringValues values, string parameter, Func<string, T?> parse, string expected)
        where T : struct
    {
        if (values.Count == 0)
        {
            return null;
        }

        var text = values[^1] ?? "";
        return parse(text) ?? throw Errors.BadQueryValue(parameter, text, expected);
    }

    /// <summary>A member of <typeparamref name="T"/> by its name, in any case; never by number.</summary>
    private static T? Named<T>(string text)
        where T : struct, Enum => Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase));

    private static long? Number(string text) => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
}
