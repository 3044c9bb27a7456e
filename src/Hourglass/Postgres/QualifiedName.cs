using System.Text;

namespace Hourglass.Postgres;

/// <summary>
/// A table's name as pg_dump writes it, <c>schema.table</c>: each part bare (a lower-case letter or underscore, then
/// lower-case letters, digits and underscores) or double-quoted, with <c>""</c> for a quote inside. Manifests key row
/// counts by this text, and manifests are untrusted input: parsing the text into its two names is what lets a query
/// name the table by quoting them, never by pasting the text into SQL.
/// </summary>
internal sealed record QualifiedName(string Schema, string Table)
{
    /// <summary>The name <paramref name="text"/> spells, or null when it is not exactly one schema-qualified name.</summary>
    public static QualifiedName? TryParse(string text)
    {
        var position = 0;
        if (Part(text, ref position) is not { } schema || position >= text.Length || text[position] != '.')
        {
            return null;
        }

        position++;
        return Part(text, ref position) is { } table && position == text.Length ? new QualifiedName(schema, table) : null;
    }

    /// <summary>The name <paramref name="text"/> spells; throws when it is not one (manifests are checked when read, so this is a bug).</summary>
    public static QualifiedName Parse(string text) =>
        TryParse(text) ?? throw new FormatException($"'{text}' is not a schema-qualified table name");

    /// <summary>Both parts double-quoted, for SQL: <c>"public"."My ""Table"""</c>.</summary>
    public string Quoted => ConnInfo.Identifier(Schema) + "." + ConnInfo.Identifier(Table);

    private static string? Part(string text, ref int position)
    {
        if (position < text.Length && text[position] == '"')
        {
            return QuotedPart(text, ref position);
        }

        var start = position;
        while (position < text.Length && (char.IsAsciiLetterLower(text[position]) || text[position] == '_' || (position > start && char.IsAsciiDigit(text[position]))))
        {
            position++;
        }

        return position > start ? text[start..position] : null;
    }

    /// <summary>
    /// The name a double-quoted part spells, its <c>""</c> read as one quote, with <paramref name="position"/> at its
    /// opening quote and then moved past its closing one; null when it is empty, unclosed or holds a NUL (which no
    /// PostgreSQL name can).
    /// </summary>
    internal static string? QuotedPart(string text, ref int position)
    {
        var name = new StringBuilder();
        for (var i = position + 1; i < text.Length; i++)
        {
            if (text[i] == '\0')
            {
                return null;
            }

            if (text[i] != '"')
            {
                name.Append(text[i]);
            }
            else if (i + 1 < text.Length && text[i + 1] == '"')
            {
                name.Append('"');
                i++;
            }
            else
            {
                position = i + 1;
                return name.Length > 0 ? name.ToString() : null;
            }
        }

        return null;
    }
}
