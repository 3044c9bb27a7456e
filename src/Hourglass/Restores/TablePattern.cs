using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// A table as a person names it for a selective restore: <c>name</c> (that table in any schema) or
/// <c>schema.name</c>. A part in double quotes may hold dots and quotes (doubled: <c>"we.ird ""names"""</c>); a
/// part without quotes is taken exactly as written, case included, unlike SQL, which folds it to lower case: people
/// type the names <c>\dt</c> and <c>hourglass show</c> print, and <c>Events</c> should find the table <c>Events</c>.
/// </summary>
/// <param name="Schema">The schema, or null for any.</param>
/// <param name="Name">The table (or view, materialized view, sequence).</param>
internal sealed record TablePattern(string? Schema, string Name)
{
    /// <summary>The pattern <paramref name="text"/> spells, or null when it is not one.</summary>
    public static TablePattern? TryParse(string text)
    {
        var position = 0;
        if (Part(text, ref position) is not { } first)
        {
            return null;
        }

        if (position == text.Length)
        {
            return new TablePattern(null, first);
        }

        position++;
        return Part(text, ref position) is { } second && position == text.Length ? new TablePattern(first, second) : null;
    }

    /// <summary>The single name <paramref name="text"/> spells (a schema), or null when it is not exactly one part.</summary>
    public static string? TryParseName(string text)
    {
        var position = 0;
        return Part(text, ref position) is { } name && position == text.Length ? name : null;
    }

    /// <summary>True when <paramref name="relation"/> is the table this names.</summary>
    public bool Matches(QualifiedName relation) =>
        relation.Table == Name && (Schema is null || relation.Schema == Schema);

    /// <summary>
    /// <paramref name="relation"/> as a person can pass it back: a part that is not a plain lower-case name in double
    /// quotes, as pg_dump writes it.
    /// </summary>
    public static string Format(QualifiedName relation) => Format(relation.Schema) + "." + Format(relation.Table);

    private static string Format(string part) =>
        part.Length > 0 && (char.IsAsciiLetterLower(part[0]) || part[0] == '_') && part.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? part
            : "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>One part from <paramref name="position"/>, which it leaves at the dot or end after it; null when there is none.</summary>
    private static string? Part(string text, ref int position)
    {
        if (position < text.Length && text[position] == '"')
        {
            return QualifiedName.QuotedPart(text, ref position) is { } quoted && (position == text.Length || text[position] == '.') ? quoted : null;
        }

        var end = text.IndexOf('.', position);
        end = end < 0 ? text.Length : end;
        var part = text[position..end];
        position = end;
        return part.Length > 0 && !part.Contains('"', StringComparison.Ordinal) ? part : null;
    }
}
