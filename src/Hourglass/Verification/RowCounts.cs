namespace Hourglass.Verification;

/// <summary>Compares per-table row counts with the manifest's, naming every difference.</summary>
internal static class RowCounts
{
    public static IEnumerable<string> Compare(string file, string actualSource, IReadOnlyDictionary<string, long> actual, IReadOnlyDictionary<string, long> expected)
    {
        foreach (var (table, rows) in expected.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(table, out var found))
            {
                yield return $"{file}: table {table} is missing ({rows} rows in the manifest)";
            }
            else if (found != rows)
            {
                yield return $"{file}: table {table} has {found} rows ({actualSource}), the manifest says {rows}";
            }
        }

        foreach (var table in actual.Keys.Where(t => !expected.ContainsKey(t)).Order(StringComparer.Ordinal))
        {
            yield return $"{file}: table {table} ({actual[table]} rows) is not in the manifest";
        }
    }
}
