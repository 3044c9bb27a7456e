namespace Hourglass.Restores;

/// <summary>A table an item locks: shared (index builds, which may run side by side) or exclusive (constraints).</summary>
/// <param name="Table">The table, or the partitioned table at the top of its hierarchy.</param>
/// <param name="Exclusive">True when nothing else may touch the table meanwhile.</param>
internal readonly record struct TableLock(string Table, bool Exclusive)
{
    /// <summary>True when two items holding these locks must not run at the same time.</summary>
    public bool ConflictsWith(TableLock other) => Table == other.Table && (Exclusive || other.Exclusive);
}
