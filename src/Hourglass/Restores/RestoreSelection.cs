namespace Hourglass.Restores;

/// <summary>
/// Which part of one dump a restore brings back: some tables or schemas, all but some tables, only the schema or
/// only the data (<c>hourglass restore --table/--schema/--exclude-table/--schema-only/--data-only</c>).
/// </summary>
/// <remarks>
/// A table is written <c>name</c>, which matches that table in any schema, or <c>schema.name</c>; a part holding a
/// dot or a double quote is written in double quotes, with the quotes inside doubled
/// (<c>"Audit Log"."Events Table"</c>, <c>public."we.ird ""names"""</c>). A part without quotes matches exactly as
/// written, case included (<c>Events</c> is not <c>events</c>), because people type names as <c>\dt</c> shows them.
/// Objects that belong to no table (schemas, extensions, types, functions, …) are restored whatever is selected: a
/// plain dump does not say which of them a table needs. The engine refuses, before restoring anything, a
/// <c>--table</c> that names no table of the dump, and contradictory options.
/// </remarks>
/// <param name="Tables">Restore only these tables (and views, materialized views, sequences), with their data,
/// indexes, constraints, triggers, rules, policies, comments and grants; with <paramref name="Schemas"/>, the union
/// of both. Empty: no table is singled out.</param>
/// <param name="Schemas">Restore only the relations of these schemas (schema names, quoted or not, as tables' parts
/// are). Empty: no schema is singled out.</param>
/// <param name="ExcludeTables">Restore everything the other options select except these tables and what belongs to
/// them.</param>
/// <param name="SchemaOnly">Restore the definitions, not the data (no rows, no sequence values, no large
/// objects).</param>
/// <param name="DataOnly">Restore only the data (rows, sequence values, large objects) into a database whose schema
/// already exists.</param>
public sealed record RestoreSelection(IReadOnlyList<string> Tables, IReadOnlyList<string> Schemas, IReadOnlyList<string> ExcludeTables, bool SchemaOnly, bool DataOnly)
{
    /// <summary>The whole dump.</summary>
    public static readonly RestoreSelection All = new([], [], [], false, false);

    /// <summary>True when nothing is selected or excluded: the whole dump is restored.</summary>
    public bool IsAll => Tables.Count == 0 && Schemas.Count == 0 && ExcludeTables.Count == 0 && !SchemaOnly && !DataOnly;
}
