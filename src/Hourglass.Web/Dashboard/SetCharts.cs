using System.Globalization;
using Hourglass.Storage;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// Backup size and dump duration per database over time, as inline SVG drawn on the server from the sets' manifests
/// (no chart library, nothing to download). One line per database, in the colours of the legend.
/// </summary>
internal static class SetCharts
{
    /// <summary>How many of the newest sets are drawn.</summary>
    public const int MaxSets = 60;

    private const double Width = 600, Height = 180, Left = 56, Right = 590, Top = 12, Bottom = 150;

    /// <summary>The two charts for <paramref name="databases"/> from <paramref name="sets"/> (newest first), or nothing when no set has a good dump.</summary>
    public static Markup Render(IReadOnlyList<StoredSet> sets, IReadOnlyList<string> databases)
    {
        var points = sets.Take(MaxSets).Reverse()
            .SelectMany(set => (set.Manifest?.Databases ?? []).Where(d => d.Status == DumpStatus.Ok).Select(d => (set.Manifest!.StartedAt, Dump: d)))
            .ToList();
        if (points.Count == 0)
        {
            return Html.Of($"""<p class="muted">No good dump yet: the charts appear after the first backup.</p>""");
        }

        var series = databases.Select((name, index) => (name, index, points.Where(p => p.Dump.Name == name).ToList())).Where(s => s.Item3.Count > 0).ToList();
        var from = points.Min(p => p.StartedAt);
        var to = points.Max(p => p.StartedAt);
        var legend = Html.Join(series, s => Html.Of($"""<span class="s{s.index % 8}">{s.name}</span>"""));
        return Html.Of($"""
            <div class="charts">
              <figure class="chart" id="chart-size">{Chart("Backup size", series.Select(s => (s.index, s.name, s.Item3.Select(p => (p.StartedAt, (double)p.Dump.Bytes)).ToList())).ToList(), from, to, v => Format.Bytes((long)v))}</figure>
              <figure class="chart" id="chart-duration">{Chart("Dump duration", series.Select(s => (s.index, s.name, s.Item3.Select(p => (p.StartedAt, (double)p.Dump.DurationMs)).ToList())).ToList(), from, to, v => Format.Duration(TimeSpan.FromMilliseconds(v)))}</figure>
            </div>
            <div class="legend">{legend}</div>
            """);
    }

    private static Markup Chart(string title, IReadOnlyList<(int Index, string Name, List<(DateTimeOffset At, double Value)> Points)> series, DateTimeOffset from, DateTimeOffset to, Func<double, string> label)
    {
        var max = Math.Max(1, series.SelectMany(s => s.Points).Max(p => p.Value));
        var span = (to - from).TotalSeconds;
        double X(DateTimeOffset at) => span <= 0 ? (Left + Right) / 2 : Left + ((at - from).TotalSeconds / span * (Right - Left));
        double Y(double value) => Bottom - (value / max * (Bottom - Top));
        string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        var lines = Html.Join(series, s => Html.Of($"""
            <polyline class="line s{s.Index % 8}" points="{string.Join(' ', s.Points.Select(p => $"{N(X(p.At))},{N(Y(p.Value))}"))}"/>
            {Html.Join(s.Points, p => Html.Of($"""<circle class="s{s.Index % 8}" cx="{N(X(p.At))}" cy="{N(Y(p.Value))}" r="3"><title>{s.Name} {Format.Time(p.At)}: {label(p.Value)}</title></circle>"""))}
            """));
        return Html.Of($"""
            <figcaption>{title}</figcaption>
            <svg viewBox="0 0 {N(Width)} {N(Height)}" role="img" aria-label="{title} per database over time">
              <line class="axis" x1="{N(Left)}" y1="{N(Bottom)}" x2="{N(Right)}" y2="{N(Bottom)}"/>
              <line class="axis" x1="{N(Left)}" y1="{N(Top)}" x2="{N(Left)}" y2="{N(Bottom)}"/>
              <text x="{N(Left - 4)}" y="{N(Top + 4)}" text-anchor="end">{label(max)}</text>
              <text x="{N(Left - 4)}" y="{N(Bottom)}" text-anchor="end">0</text>
              <text x="{N(Left)}" y="{N(Bottom + 16)}">{Format.Time(from)}</text>
              <text x="{N(Right)}" y="{N(Bottom + 16)}" text-anchor="end">{Format.Time(to)}</text>
              {lines}
            </svg>
            """);
    }
}
