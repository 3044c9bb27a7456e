using System.Buffers;
using Hourglass.Backups;
using Hourglass.Postgres;
using Microsoft.Extensions.Logging;

namespace Hourglass.Restores;

/// <summary>
/// Loads a plain dump over several connections, reading it once as it streams: the definitions first, one after
/// another; then the rows, each table's COPY block cut into chunks that go to whichever connection is free, so one
/// large table loads on every connection at once; then indexes and constraints side by side where their tables
/// allow, foreign keys likewise, and the rest (triggers, matview refreshes, grants) in the dump's order.
/// Several connections cannot share one transaction, so the load is not atomic: callers load into a database of
/// their own and drop it on any failure (<see cref="RestoreRunner"/>). With one connection in a single
/// transaction it is atomic, which is how rows are loaded into an existing database (<c>--data-only</c>).
/// </summary>
internal sealed class ParallelLoader(PgConnectionSettings connection, ILogger logger)
{
    /// <summary>Definitions sent as one item at most, so a schema of many objects does not wait on a round trip for each.</summary>
    private const int SerialBatchBytes = 1 << 20;

    /// <summary>How the load runs.</summary>
    /// <param name="Jobs">Connections (at least 1).</param>
    /// <param name="ChunkBytes">Rows sent as one COPY at most.</param>
    /// <param name="SingleTransaction">One connection in one transaction: all or nothing in the database itself.</param>
    /// <param name="Setup">Statements each connection runs first, before anything of the dump.</param>
    public sealed record Options(int Jobs, int ChunkBytes, bool SingleTransaction, string? Setup = null);

    /// <summary>
    /// Loads <paramref name="entries"/> (read from <paramref name="reader"/>) into <paramref name="database"/>;
    /// <paramref name="target"/> names it in errors. <paramref name="atEnd"/> runs once the whole dump was read and
    /// loaded, before the sessions end (and, in a single transaction, commit): throwing there keeps nothing.
    /// Returns each loaded table's rows.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> LoadAsync(
        DumpReader reader,
        IAsyncEnumerable<DumpEntry> entries,
        string database,
        string target,
        Options options,
        IProgress<long>? progress,
        Func<CancellationToken, Task>? atEnd,
        CancellationToken cancellationToken)
    {
        var restricted = reader.Restricted;
        await using var scheduler = await LoadScheduler.StartAsync(
            options.Jobs,
            token => LoadWorker.StartAsync(connection, database, target, restricted, options.SingleTransaction, options.Setup, token),
            cancellationToken);
        var load = new Load(scheduler, options, target, logger, progress);
        // What psql would run of the script outside its entries runs too, once, apart from the \restrict lines:
        // each connection enters that mode itself.
        await load.RunScriptAsync(ScriptText.WithoutRestrict(reader.Preamble), reader.Settings, cancellationToken);
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            await load.AddAsync(entry, cancellationToken);
        }

        await load.FlushAsync(cancellationToken);
        await scheduler.BarrierAsync(cancellationToken);
        await load.RunScriptAsync(ScriptText.WithoutRestrict(reader.Epilogue), reader.Settings, cancellationToken);
        await scheduler.BarrierAsync(cancellationToken);
        if (atEnd is not null)
        {
            await atEnd(cancellationToken);
        }

        await scheduler.FinishAsync(cancellationToken);
        return load.Rows;
    }

    /// <summary>The state of one load as its entries come: the group being gathered, the partitions' hierarchies, the rows loaded.</summary>
    private sealed class Load(LoadScheduler scheduler, Options options, string target, ILogger logger, IProgress<long>? progress)
    {
        private readonly Dictionary<string, string> _parents = new(StringComparer.Ordinal);
        private readonly List<LoadItem> _group = [];
        private readonly List<ReadOnlyMemory<byte>> _serial = [];
        private readonly Dictionary<string, long> _rows = new(StringComparer.Ordinal);
        private IReadOnlyList<string> _serialSettings = [];
        private IReadOnlyList<string> _serialLastSettings = [];
        private int _serialBytes;
        private LoadStep? _step;
        private DumpSection? _section;
        private List<ReadOnlyMemory<byte>>? _last;

        public IReadOnlyDictionary<string, long> Rows => _rows;

        public async Task AddAsync(DumpEntry entry, CancellationToken cancellationToken)
        {
            if (LoadSteps.FollowsPrevious(entry) && _last is not null)
            {
                // A comment runs right after what it describes, on the same connection.
                _last.Add(entry.Sql);
                if (ReferenceEquals(_last, _serial))
                {
                    _serialBytes += entry.Sql.Length;
                }

                return;
            }

            var step = LoadSteps.Of(entry);
            if (step != _step && !(LoadSteps.SideBySide(step) && _step is { } current && LoadSteps.SideBySide(current)))
            {
                await FlushAsync(cancellationToken);
                await scheduler.BarrierAsync(cancellationToken);
                _step = step;
            }

            if (entry.Section != _section)
            {
                _section = entry.Section;
                logger.RestorePhase(target, DumpSections.Name(entry.Section));
            }

            NoteParent(entry);
            switch (step)
            {
                case LoadStep.Data:
                    _last = null;
                    await LoadDataAsync(entry, cancellationToken);
                    break;
                case LoadStep.Serial:
                    await AddSerialAsync(entry, cancellationToken);
                    break;
                default:
                    var locks = LoadSteps.LocksOf(entry, Family);
                    _last = [entry.Sql];
                    _group.Add(LoadItem.Sql(_last, entry.Settings, locks ?? [], alone: locks is null, step));
                    break;
            }
        }

        /// <summary>Runs text of the script that is no entry (its preamble, its epilogue, what follows a COPY block), alone, when it holds any statement.</summary>
        public async Task RunScriptAsync(ReadOnlyMemory<byte> sql, IReadOnlyList<string> settings, CancellationToken cancellationToken)
        {
            if (ScriptText.HasStatements(sql.Span))
            {
                await FlushAsync(cancellationToken);
                await scheduler.RunAsync(LoadItem.Sql([sql], settings, [], alone: true), cancellationToken);
            }
        }

        /// <summary>Sends what is gathered: the definitions batched so far, or the group of indexes or foreign keys.</summary>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_serial.Count > 0)
            {
                await scheduler.RunAsync(LoadItem.Sql([.. _serial], _serialSettings, [], alone: true), cancellationToken);
                _serial.Clear();
                _serialBytes = 0;
                _last = null;
            }

            if (_group.Count > 0)
            {
                await scheduler.RunGroupAsync([.. _group], cancellationToken);
                _group.Clear();
                _last = null;
            }

            progress?.Report(scheduler.BytesDone);
        }

        private async Task AddSerialAsync(DumpEntry entry, CancellationToken cancellationToken)
        {
            if (_serialBytes + entry.Sql.Length > SerialBatchBytes)
            {
                await FlushAsync(cancellationToken);
            }

            if (_serial.Count == 0)
            {
                _serialSettings = entry.Settings;
            }
            else if (!ReferenceEquals(entry.Settings, _serialLastSettings))
            {
                // pg_dump writes an entry's SET lines at the end of the entry before it, which a selective restore
                // may have left out: the settings are stated again (harmless when they were there).
                var settings = ScriptText.SettingsSql(entry.Settings);
                _serial.Add(settings);
                _serialBytes += settings.Length;
            }

            _serialLastSettings = entry.Settings;
            _serial.Add(entry.Sql);
            _serialBytes += entry.Sql.Length;
            _last = _serial;
        }

        private async Task LoadDataAsync(DumpEntry entry, CancellationToken cancellationToken)
        {
            if (entry.Copy is not { } copy)
            {
                await scheduler.RunAsync(LoadItem.Sql([entry.Sql], entry.Settings, [], alone: false), cancellationToken);
                return;
            }

            byte[]? chunk = ArrayPool<byte>.Shared.Rent(options.ChunkBytes);
            var length = 0;
            var first = true;

            // Hands the chunk to the scheduler, which owns its buffer from then on, and starts a new one.
            async Task SendChunkAsync()
            {
                var full = chunk!;
                chunk = null;
                await SendAsync(first ? entry.Sql : copy.Line, full, length, entry.Settings, cancellationToken);
                first = false;
                length = 0;
                chunk = ArrayPool<byte>.Shared.Rent(options.ChunkBytes);
            }

            try
            {
                DumpRows rows;
                while (!(rows = await copy.ReadAsync(cancellationToken)).IsEnd)
                {
                    // The reader hands over as many whole rows as it holds; a chunk takes the whole rows that fit.
                    var data = rows.Data;
                    while (!data.IsEmpty)
                    {
                        var room = options.ChunkBytes - length;
                        var take = data.Length <= room ? data.Length : data.Span[..Math.Max(room, 0)].LastIndexOf((byte)'\n') + 1;
                        if (take == 0 && length > 0)
                        {
                            await SendChunkAsync();
                            continue;
                        }

                        if (take == 0)
                        {
                            // One row longer than a chunk: a chunk of its own size.
                            take = data.Span.IndexOf((byte)'\n') + 1;
                            ArrayPool<byte>.Shared.Return(chunk!);
                            chunk = null;
                            chunk = ArrayPool<byte>.Shared.Rent(take);
                        }

                        data.Span[..take].CopyTo(chunk!.AsSpan(length));
                        length += take;
                        data = data[take..];
                        if (length >= options.ChunkBytes)
                        {
                            await SendChunkAsync();
                        }
                    }
                }

                if (length > 0)
                {
                    var last = chunk!;
                    chunk = null;
                    await SendAsync(first ? entry.Sql : copy.Line, last, length, entry.Settings, cancellationToken);
                }
                else if (first)
                {
                    // An empty table: its COPY still runs, with whatever the entry holds before it.
                    await scheduler.RunAsync(LoadItem.Sql([entry.Sql, ScriptText.EndOfData], entry.Settings, [], alone: false), cancellationToken);
                }
            }
            finally
            {
                if (chunk is not null)
                {
                    ArrayPool<byte>.Shared.Return(chunk);
                }
            }

            _rows[copy.Table] = copy.Rows;
            await RunScriptAsync(ScriptText.AfterEndOfData(entry.Trailer), entry.Settings, cancellationToken);
        }

        /// <summary>
        /// Hands a chunk of rows to the scheduler, which owns its buffer from then on. <paramref name="start"/> ends in
        /// the COPY line: for a table's first chunk, its entry's whole text, so whatever the entry holds runs once.
        /// </summary>
        private async Task SendAsync(ReadOnlyMemory<byte> start, byte[] chunk, int length, IReadOnlyList<string> settings, CancellationToken cancellationToken)
        {
            var item = LoadItem.Copy(start, chunk, length, settings);
            try
            {
                await scheduler.RunAsync(item, cancellationToken);
            }
            catch
            {
                item.Release();
                throw;
            }

            progress?.Report(scheduler.BytesDone);
        }

        /// <summary>Remembers which partitioned table a partition attaches to.</summary>
        private void NoteParent(DumpEntry entry)
        {
            if (entry.Type == "TABLE ATTACH" && EntryRelations.Of(entry) is { Table: { } child, Parent: { } parent })
            {
                _parents[child.Quoted] = parent.Quoted;
            }
        }

        /// <summary>The table at the top of <paramref name="table"/>'s partition hierarchy (itself when it is none's partition).</summary>
        private string Family(string table)
        {
            for (var depth = 0; depth < 64 && _parents.TryGetValue(table, out var parent); depth++)
            {
                table = parent;
            }

            return table;
        }
    }
}
