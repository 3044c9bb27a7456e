using System.Text;

namespace Hourglass.Restores;

/// <summary>
/// Reading the text of a dump that lies outside its entries (the preamble, the epilogue, what follows a COPY block):
/// whether it holds anything to run, and that text without the psql lines a parallel load handles itself.
/// </summary>
internal static class ScriptText
{
    /// <summary>The line that ends a COPY block's rows.</summary>
    public static readonly ReadOnlyMemory<byte> EndOfData = "\\.\n"u8.ToArray();

    /// <summary>True when some line of <paramref name="sql"/> is neither blank nor a comment.</summary>
    public static bool HasStatements(ReadOnlySpan<byte> sql)
    {
        foreach (var line in Encoding.UTF8.GetString(sql).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith("--", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><paramref name="sql"/> without its <c>\restrict</c> and <c>\unrestrict</c> lines.</summary>
    public static ReadOnlyMemory<byte> WithoutRestrict(ReadOnlyMemory<byte> sql)
    {
        var text = Encoding.UTF8.GetString(sql.Span);
        if (!text.Contains("restrict ", StringComparison.Ordinal))
        {
            return sql;
        }

        var kept = text.Split('\n').Where(line => !line.StartsWith("\\restrict ", StringComparison.Ordinal) && !line.StartsWith("\\unrestrict ", StringComparison.Ordinal));
        return Encoding.UTF8.GetBytes(string.Join('\n', kept));
    }

    /// <summary>A COPY entry's trailer without its first line, the <c>\.</c> that ended the rows (a parallel load ends each chunk itself).</summary>
    public static ReadOnlyMemory<byte> AfterEndOfData(ReadOnlyMemory<byte> trailer) =>
        trailer.Span.StartsWith(EndOfData.Span) ? trailer[EndOfData.Length..] : trailer;

    /// <summary>The statements that put a session in <paramref name="settings"/> (<see cref="DumpEntry.Settings"/>), one a line.</summary>
    public static ReadOnlyMemory<byte> SettingsSql(IReadOnlyList<string> settings) =>
        Encoding.UTF8.GetBytes(string.Concat(settings.Select(setting => setting + "\n")));
}
