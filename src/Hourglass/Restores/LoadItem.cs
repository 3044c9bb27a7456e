using System.Buffers;

namespace Hourglass.Restores;

/// <summary>
/// One piece of work for one connection of a parallel load: some of a dump's SQL (entries, or a chunk of one
/// table's rows wrapped in its COPY statement), the session settings it runs under, and the tables it locks.
/// </summary>
internal sealed class LoadItem
{
    private byte[]? _rented;

    private LoadItem(IReadOnlyList<ReadOnlyMemory<byte>> parts, IReadOnlyList<string> settings, IReadOnlyList<TableLock> locks, bool alone, LoadStep step, byte[]? rented)
    {
        Step = step;
        Parts = parts;
        Settings = settings;
        Locks = locks;
        Alone = alone;
        _rented = rented;
        IsRows = rented is not null;
    }

    /// <summary>The bytes to send, in order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Parts { get; }

    /// <summary>The session settings (<see cref="DumpEntry.Settings"/>) in effect where the item starts.</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>The tables the item locks, and how: the scheduler never runs two items whose locks conflict.</summary>
    public IReadOnlyList<TableLock> Locks { get; }

    /// <summary>True when the item must run with nothing else running (its order against everything matters, or what it locks is not known).</summary>
    public bool Alone { get; }

    /// <summary>The step of the entries the item holds: items of one step may run in any order, across steps in the dump's.</summary>
    public LoadStep Step { get; }

    /// <summary>True for a chunk of rows, which holds nothing but its COPY.</summary>
    public bool IsRows { get; }

    /// <summary>The item's size, for progress.</summary>
    public long Bytes => Parts.Sum(p => (long)p.Length);

    /// <summary>SQL text run as it stands: entries of the dump, whole.</summary>
    public static LoadItem Sql(IReadOnlyList<ReadOnlyMemory<byte>> sql, IReadOnlyList<string> settings, IReadOnlyList<TableLock> locks, bool alone, LoadStep step = LoadStep.Serial) =>
        new(sql, settings, locks, alone, step, null);

    /// <summary>True when the two items must not run at the same time.</summary>
    public bool ConflictsWith(LoadItem other) =>
        Alone || other.Alone || Locks.Any(mine => other.Locks.Any(mine.ConflictsWith));

    /// <summary>
    /// Rows of one table as a COPY of their own: <paramref name="start"/> (ending in the line <c>COPY t (…) FROM stdin;</c>),
    /// the rows, the end-of-data line. <paramref name="rented"/> holds the rows and goes back to the shared pool once sent.
    /// </summary>
    public static LoadItem Copy(ReadOnlyMemory<byte> start, byte[] rented, int length, IReadOnlyList<string> settings) =>
        new([start, rented.AsMemory(0, length), ScriptText.EndOfData], settings, [], alone: false, LoadStep.Data, rented);

    /// <summary>Gives the rows' buffer back to the pool; the item's bytes are gone after this.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
