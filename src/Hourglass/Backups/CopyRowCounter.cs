using System.Text;

namespace Hourglass.Backups;

/// <summary>
/// Counts each table's rows from a plain dump as it streams past. pg_dump writes a table's data as
/// <c>COPY name (…) FROM stdin;</c>, one line per row (newlines inside values are escaped), ending with a line <c>\.</c>,
/// so exact counts of the dump's snapshot come without another query. Works on bytes across arbitrary chunk
/// boundaries and allocates only when a COPY block starts.
/// </summary>
internal sealed class CopyRowCounter
{
    // COPY headers are short (two quoted identifiers of at most 63 bytes each, then the column list);
    // only the head of any other line is kept, to recognise the header.
    private const int HeadCapacity = 1024;
    private static readonly byte[] CopyPrefix = "COPY "u8.ToArray();
    private static readonly byte[] FromStdinSuffix = " FROM stdin;"u8.ToArray();

    private readonly Dictionary<string, long> _tables = new(StringComparer.Ordinal);
    private readonly byte[] _head = new byte[HeadCapacity];
    private readonly byte[] _tail = new byte[16];
    private int _headLength;
    private int _tailLength;
    private long _lineLength;
    private string? _currentTable;
    private long _currentRows;

    /// <summary>Rows per table, keyed as pg_dump names the table (<c>public.events</c>, <c>"My Schema"."My Table"</c>).</summary>
    public IReadOnlyDictionary<string, long> Tables => _tables;

    /// <summary>True while inside a COPY block: a stream that ends here was cut short.</summary>
    public bool InsideCopy => _currentTable is not null;

    /// <summary>Feeds the next bytes of the dump.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                AppendToLine(data);
                return;
            }

            AppendToLine(data[..newline]);
            EndLine();
            data = data[(newline + 1)..];
        }
    }

    private void AppendToLine(ReadOnlySpan<byte> part)
    {
        if (_currentTable is not null)
        {
            // Inside a COPY block only "is this line exactly \." matters.
            if (_lineLength < 2)
            {
                var room = (int)Math.Min(2 - _lineLength, part.Length);
                part[..room].CopyTo(_head.AsSpan(_headLength));
                _headLength += room;
            }

            _lineLength += part.Length;
            return;
        }

        var headRoom = Math.Min(HeadCapacity - _headLength, part.Length);
        part[..headRoom].CopyTo(_head.AsSpan(_headLength));
        _headLength += headRoom;

        // Keep the line's last bytes to check for " FROM stdin;".
        if (part.Length >= _tail.Length)
        {
            part[^_tail.Length..].CopyTo(_tail);
            _tailLength = _tail.Length;
        }
        else
        {
            var keep = Math.Min(_tailLength, _tail.Length - part.Length);
            _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
            part.CopyTo(_tail.AsSpan(keep));
            _tailLength = keep + part.Length;
        }

        _lineLength += part.Length;
    }

    private void EndLine()
    {
        if (_currentTable is not null)
        {
            if (_lineLength == 2 && _head[0] == (byte)'\\' && _head[1] == (byte)'.')
            {
                _tables[_currentTable] = _tables.GetValueOrDefault(_currentTable) + _currentRows;
                _currentTable = null;
            }
            else
            {
                _currentRows++;
            }
        }
        else if (_head.AsSpan(0, _headLength).StartsWith(CopyPrefix) && _tail.AsSpan(0, _tailLength).EndsWith(FromStdinSuffix))
        {
            _currentTable = TableName(_head.AsSpan(CopyPrefix.Length, _headLength - CopyPrefix.Length));
            _currentRows = 0;
        }

        _headLength = 0;
        _tailLength = 0;
        _lineLength = 0;
    }

    /// <summary>The qualified name up to the first space outside double quotes.</summary>
    internal static string TableName(ReadOnlySpan<byte> rest)
    {
        var quoted = false;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (rest[i] == (byte)' ' && !quoted)
            {
                return Encoding.UTF8.GetString(rest[..i]);
            }
        }

        return Encoding.UTF8.GetString(rest);
    }
}
