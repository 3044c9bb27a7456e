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
            QueryValues.Last(kind, "kind", Named<JobKind>, $"use one of {Names<JobKind>()}"),
            QueryValues.Limit(limit, MaxLimit, DefaultLimit),
            QueryValues.Last<long>(before, "before", text => QueryValues.Number(text) is { } n and > 0 ? n : null, "use a job id (the last id of the page before)"));
    }

    /// <summary>A member of <typeparamref name="T"/> by its name, in any case; never by number.</summary>
    private static T? Named<T>(string text)
        where T : struct, Enum => Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => string.Equals(v.ToString(), text, StringComparison.OrdinalIgnoreCase));

    private static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()));
}
