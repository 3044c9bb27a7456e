namespace Hourglass.Restores;

/// <summary>
/// What one dump holds, as <c>hourglass show --json</c> prints it: its tables with their rows and the size of their
/// data, and every other object counted by kind and section, like <c>pg_restore -l</c>. Add fields; never rename or
/// remove them.
/// </summary>
/// <param name="Set">The set's id, <c>{tier}/backup_YYYYMMDD_HHMMSS</c>.</param>
/// <param name="Database">The database the dump is of.</param>
/// <param name="Target">The target it was read from; null for the local backup root.</param>
/// <param name="File">The dump's file in the set.</param>
/// <param name="Bytes">What the file takes in the store (compressed, and encrypted when it is).</param>
/// <param name="RawBytes">The dump's size as plain SQL.</param>
/// <param name="Tables">Every table with data in the dump, in the dump's order.</param>
/// <param name="Objects">Every other entry counted by kind, in section order, then by kind.</param>
public sealed record DumpContentsDocument(string Set, string Database, string? Target, string File, long Bytes, long RawBytes, IReadOnlyList<DumpTableDocument> Tables, IReadOnlyList<DumpObjectsDocument> Objects);

/// <summary>One table of a dump.</summary>
/// <param name="Name">As the dump's COPY names it, and the manifest's row counts key it (<c>public.events</c>, <c>"Audit Log"."Events Table"</c>).</param>
/// <param name="Rows">Rows, from the manifest (counted when the dump was taken); counted from the dump when the manifest has none.</param>
/// <param name="DataBytes">The bytes of its rows in the dump (COPY text format).</param>
public sealed record DumpTableDocument(string Name, long Rows, long DataBytes);

/// <summary>How many entries of one kind a dump holds.</summary>
/// <param name="Kind">pg_dump's type of the entries (<c>TABLE</c>, <c>INDEX</c>, <c>FK CONSTRAINT</c>, <c>SEQUENCE SET</c>, …).</param>
/// <param name="Section"><c>pre-data</c>, <c>data</c> or <c>post-data</c>: when a restore runs them.</param>
/// <param name="Count">How many.</param>
public sealed record DumpObjectsDocument(string Kind, string Section, int Count);
