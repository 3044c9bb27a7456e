using System.Text;

namespace Hourglass.Restores;

/// <summary>
/// pg_dump's label of an entry, read from its comment line <c>-- [Data for ]Name: N; Type: T; Schema: S; Owner: O[; Tablespace: TS]</c>.
/// Read from the right, so a name holding "; " still parses: pg_dump writes the fields in this order and the name first.
/// </summary>
internal sealed record DumpEntryHeader(string Name, string Type, string? Schema, string? Owner, string? Tablespace)
{
    private static readonly byte[] NamePrefix = "-- Name: "u8.ToArray();
    private static readonly byte[] DataPrefix = "-- Data for Name: "u8.ToArray();

    /// <summary>The header a comment line holds, or null when it is not one (any other comment).</summary>
    public static DumpEntryHeader? Parse(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> rest;
        if (line.StartsWith(NamePrefix))
        {
            rest = line[NamePrefix.Length..];
        }
        else if (line.StartsWith(DataPrefix))
        {
            rest = line[DataPrefix.Length..];
        }
        else
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(rest);
        var owner = text.LastIndexOf("; Owner: ", StringComparison.Ordinal);
        var schema = owner < 0 ? -1 : text.LastIndexOf("; Schema: ", owner, StringComparison.Ordinal);
        var type = schema < 0 ? -1 : text.LastIndexOf("; Type: ", schema, StringComparison.Ordinal);
        if (type < 0)
        {
            return null;
        }

        var ownerText = text[(owner + "; Owner: ".Length)..];
        string? tablespace = null;
        var tablespaceAt = ownerText.IndexOf("; Tablespace: ", StringComparison.Ordinal);
        if (tablespaceAt >= 0)
        {
            tablespace = ownerText[(tablespaceAt + "; Tablespace: ".Length)..];
            ownerText = ownerText[..tablespaceAt];
        }

        var schemaText = text[(schema + "; Schema: ".Length)..owner];
        return new DumpEntryHeader(
            text[..type],
            text[(type + "; Type: ".Length)..schema],
            schemaText == "-" ? null : schemaText,
            ownerText is "" or "-" ? null : ownerText,
            tablespace);
    }
}
