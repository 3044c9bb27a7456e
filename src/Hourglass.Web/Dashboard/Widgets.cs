namespace Hourglass.Web.Dashboard;

/// <summary>The small pieces every page uses: state badges, action buttons, times, empty tables.</summary>
internal static class Widgets
{
    /// <summary>A state as a coloured label; <paramref name="state"/> also names its CSS class (<c>completed</c>, <c>failed</c>, <c>ok</c>, <c>bad</c>…).</summary>
    public static Markup Badge(string state, string? text = null) => Html.Of($"""<span class="state {state}">{text ?? state}</span>""");

    /// <summary>
    /// A button that posts <paramref name="fields"/> as JSON to the API route <paramref name="action"/> (the script
    /// sends the antiforgery token with it). With <paramref name="change"/>, the answer is a changed job, not a queued one.
    /// </summary>
    public static Markup ActionButton(string action, string label, IReadOnlyDictionary<string, string>? fields = null, bool change = false, bool secondary = false) =>
        Html.Of($"""
            <form class="inline" method="post" action="{action}" data-action="{action}"{(change ? new Markup(" data-change") : Markup.Empty)}>{Html.Join(fields ?? new Dictionary<string, string>(), f => Html.Of($"""<input type="hidden" name="{f.Key}" value="{f.Value}">"""))}<button type="submit"{(secondary ? new Markup(" class=\"secondary\"") : Markup.Empty)}>{label}</button></form>
            """);

    /// <summary>A moment, readable, with its exact ISO time in the markup.</summary>
    public static Markup Time(DateTimeOffset? at) =>
        at is { } value ? Html.Of($"""<time datetime="{Format.Iso(value)}">{Format.Time(value)}</time>""") : Html.Of($"""<span class="muted">–</span>""");

    /// <summary>How long ago <paramref name="at"/> was, relative to <paramref name="now"/>, with the moment as a tooltip.</summary>
    public static Markup Ago(DateTimeOffset? at, DateTimeOffset now) =>
        at is { } value ? Html.Of($"""<time datetime="{Format.Iso(value)}" title="{Format.Time(value)}">{Format.Age(now - value)} ago</time>""") : Html.Of($"""<span class="muted">never</span>""");

    /// <summary>A table with <paramref name="headers"/> (a header starting with '#' is right-aligned), or <paramref name="empty"/> when there are no rows.</summary>
    public static Markup Table(IReadOnlyList<string> headers, IReadOnlyList<Markup> rows, string empty, string? id = null) =>
        rows.Count == 0
            ? Html.Of($"""<p class="muted">{empty}</p>""")
            : Html.Of($"""
                <div class="scroll"><table{(id is null ? Markup.Empty : Html.Of($" id=\"{id}\""))}>
                <thead><tr>{Html.Join(headers, h => h.StartsWith('#') ? Html.Of($"""<th class="num">{h[1..]}</th>""") : Html.Of($"<th>{h}</th>"))}</tr></thead>
                <tbody>{Html.Join(rows, r => r)}</tbody>
                </table></div>
                """);
}
