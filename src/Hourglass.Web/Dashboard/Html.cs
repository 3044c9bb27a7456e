using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// Markup that is already safe to send: built only by <see cref="Html.Of"/>, whose interpolation holes are
/// HTML-encoded unless they are themselves <see cref="Markup"/>. Pages build every byte this way, so a database
/// name, a job error or a manifest field cannot inject markup or script whatever it holds.
/// </summary>
internal readonly record struct Markup(string Value)
{
    /// <summary>No markup.</summary>
    public static Markup Empty { get; } = new("");

    public override string ToString() => Value;
}

/// <summary>Builds <see cref="Markup"/> from interpolated strings, encoding every value with <see cref="HtmlEncoder"/>.</summary>
internal static class Html
{
    /// <summary>The markup of <paramref name="html"/>: its literal parts as written, its values encoded.</summary>
    public static Markup Of(ref HtmlHandler html) => html.ToMarkup();

    /// <summary>Each item's markup, one after another.</summary>
    public static Markup Join<T>(IEnumerable<T> items, Func<T, Markup> render)
    {
        var builder = new StringBuilder();
        foreach (var item in items)
        {
            builder.Append(render(item).Value);
        }

        return new Markup(builder.ToString());
    }

    /// <summary><paramref name="markup"/> when <paramref name="condition"/> holds, else nothing.</summary>
    public static Markup If(bool condition, Markup markup) => condition ? markup : Markup.Empty;

    /// <summary>Text as markup, encoded.</summary>
    public static Markup Text(string? text) => new(HtmlEncoder.Default.Encode(text ?? ""));
}

/// <summary>The interpolation behind <see cref="Html.Of"/>: literals are trusted, holes are encoded.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlHandler
{
    private readonly StringBuilder _builder;

    public HtmlHandler(int literalLength, int formattedCount)
    {
        _builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public readonly void AppendLiteral(string literal) => _builder.Append(literal);

    public readonly void AppendFormatted(Markup markup) => _builder.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => _builder.Append(HtmlEncoder.Default.Encode(text ?? ""));

    public readonly void AppendFormatted<T>(T value) =>
        AppendFormatted(value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value?.ToString());

    public readonly void AppendFormatted<T>(T value, string format)
        where T : IFormattable => AppendFormatted(value.ToString(format, CultureInfo.InvariantCulture));

    internal readonly Markup ToMarkup() => new(_builder.ToString());
}
