using System.Text;

namespace Hourglass.Restores;

/// <summary>
/// One entry of a plain dump: an object, its data, or a comment or grant on one, as pg_dump's
/// <c>-- Name: …; Type: …; Schema: …; Owner: …</c> comment introduces it, with the SQL that follows up to the next.
/// </summary>
internal sealed class DumpEntry
{
    private readonly DumpEntryHeader _header;

    internal DumpEntry(DumpEntryHeader header, DumpSection section, ReadOnlyMemory<byte> sql, IReadOnlyList<string> settings, DumpCopy? copy)
    {
        _header = header;
        Section = section;
        Sql = sql;
        Settings = settings;
        Copy = copy;
    }

    /// <summary>The entry's name as pg_dump labels it (<c>people</c>, <c>people people_pkey</c>, <c>TABLE people</c>, <c>touch()</c>).</summary>
    public string Name => _header.Name;

    /// <summary>pg_dump's type of the entry (<c>TABLE</c>, <c>TABLE DATA</c>, <c>INDEX</c>, <c>FK CONSTRAINT</c>, <c>COMMENT</c>, …).</summary>
    public string Type => _header.Type;

    /// <summary>The schema, null for objects outside any (<c>-</c> in the dump).</summary>
    public string? Schema => _header.Schema;

    /// <summary>The owner, null when pg_dump wrote none.</summary>
    public string? Owner => _header.Owner;

    /// <summary>The tablespace pg_dump named in the header, if any.</summary>
    public string? Tablespace => _header.Tablespace;

    /// <summary>The section the entry belongs to (see <see cref="DumpSections"/>).</summary>
    public DumpSection Section { get; }

    /// <summary>
    /// The entry's bytes as they stand in the dump, its header comment first. For an entry with a <see cref="Copy"/>
    /// block, up to and including the <c>COPY … FROM stdin;</c> line; the rows follow in <see cref="Copy"/> and the
    /// rest in <see cref="Trailer"/>.
    /// </summary>
    public ReadOnlyMemory<byte> Sql { get; }

    /// <summary><see cref="Sql"/> as text.</summary>
    public string Text => Encoding.UTF8.GetString(Sql.Span);

    /// <summary>
    /// The session settings in effect where the entry starts (the preamble's <c>SET</c>s, then the
    /// <c>SET default_tablespace</c> and <c>SET default_table_access_method</c> lines pg_dump writes between
    /// entries), which a loader running entries on several connections applies before the entry's SQL.
    /// </summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>The streamed rows of a <c>TABLE DATA</c> entry; null for every other entry.</summary>
    public DumpCopy? Copy { get; }

    /// <summary>
    /// What follows the rows of <see cref="Copy"/> up to the next entry: the closing <c>\.</c> line and blank lines.
    /// Known once the reader moved past this entry; empty for entries without a COPY block.
    /// </summary>
    public ReadOnlyMemory<byte> Trailer { get; internal set; }
}
