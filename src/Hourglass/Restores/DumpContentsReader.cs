using Hourglass.Backups;
using Hourglass.Storage;

namespace Hourglass.Restores;

/// <summary>
/// Says what a stored dump holds (<c>hourglass show</c>) by streaming it once through the <see cref="DumpReader"/>,
/// decrypting and decompressing as a restore does, without a database: so a person can see what a restore would
/// bring back, and which tables to pick, before running one.
/// </summary>
public sealed class DumpContentsReader(SetStores stores, SetKeys keys)
{
    /// <summary>The contents of <paramref name="database"/>'s dump in <paramref name="set"/> (a set id or <c>latest</c>).</summary>
    /// <exception cref="HourglassException">No such set, no good dump of the database in it, a dump that cannot be read to its end, or a store that fails while it is read.</exception>
    public async Task<DumpContentsDocument> ReadAsync(string set, string database, string? tier, string? target, CancellationToken cancellationToken)
    {
        var store = stores.For(target);
        var (stored, dump) = await SetQueries.GoodDumpAsync(store, set, database, tier, cancellationToken);
        var tables = new List<DumpTableDocument>();
        var objects = new Dictionary<(DumpSection Section, string Kind), int>();
        await using (var input = await keys.OpenDumpAsync(store, stored.Id, dump, cancellationToken))
        await using (var plain = CompressionCodec.FromName(dump.Compression).Decompress(input))
        {
            try
            {
                using var reader = await DumpReader.OpenAsync(plain, cancellationToken);
                await foreach (var entry in reader.ReadEntriesAsync(cancellationToken))
                {
                    if (entry.Copy is { } copy)
                    {
                        await copy.SkipAsync(cancellationToken);
                        tables.Add(new DumpTableDocument(copy.Table, dump.Tables.TryGetValue(copy.Table, out var rows) ? rows : copy.Rows, copy.Bytes));
                    }
                    else
                    {
                        objects[(entry.Section, entry.Type)] = objects.GetValueOrDefault((entry.Section, entry.Type)) + 1;
                    }
                }
            }
            catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
            {
                throw Errors.DumpUnreadable(stored.Id.ToString(), dump.File, e.Message.TrimEnd('.'));
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw Errors.DumpReadFailed(stored.Id.ToString(), dump.File, e.Message.TrimEnd('.'));
            }
        }

        var counts = objects
            .OrderBy(o => o.Key.Section).ThenBy(o => o.Key.Kind, StringComparer.Ordinal)
            .Select(o => new DumpObjectsDocument(o.Key.Kind, DumpSections.Name(o.Key.Section), o.Value))
            .ToList();
        return new DumpContentsDocument(stored.Id.ToString(), database, target, dump.File, dump.Bytes, dump.RawBytes, tables, counts);
    }
}
