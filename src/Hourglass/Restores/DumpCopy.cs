using System.Text;

namespace Hourglass.Restores;

/// <summary>
/// The COPY block of a <c>TABLE DATA</c> entry, streamed: read its rows (in runs of whole rows, so a loader can send
/// runs of one large table to several connections) before moving to the next entry; rows left unread are skipped.
/// </summary>
internal sealed class DumpCopy
{
    private readonly DumpBuffer _buffer;

    internal DumpCopy(DumpBuffer buffer, ReadOnlyMemory<byte> line)
    {
        _buffer = buffer;
        Line = line;
        Statement = Encoding.UTF8.GetString(line.Span).TrimEnd('\n');
        Table = Backups.CopyRowCounter.TableName(line.Span["COPY ".Length..].TrimEnd("\n"u8));
    }

    /// <summary>The statement that starts the block, <c>COPY public.events (id, at) FROM stdin;</c>, without its newline.</summary>
    public string Statement { get; }

    /// <summary>The statement's line as the dump holds it, newline included: in the dump's encoding, whatever that is.</summary>
    public ReadOnlyMemory<byte> Line { get; }

    /// <summary>The table as the statement names it (<c>public.events</c>, <c>"Audit Log"."Events Table"</c>), as the manifest's row counts key it.</summary>
    public string Table { get; }

    /// <summary>Rows read so far; all of them once <see cref="Ended"/>.</summary>
    public long Rows { get; private set; }

    /// <summary>Bytes of rows read so far (the text COPY format, newlines included).</summary>
    public long Bytes { get; private set; }

    /// <summary>True once the block's closing <c>\.</c> was reached.</summary>
    public bool Ended { get; private set; }

    /// <summary>The next run of whole rows; <see cref="DumpRows.IsEnd"/> once the block is over.</summary>
    /// <exception cref="InvalidDataException">The dump ends inside the block.</exception>
    public async ValueTask<DumpRows> ReadAsync(CancellationToken cancellationToken)
    {
        if (Ended)
        {
            return default;
        }

        var rows = await _buffer.ReadRowsAsync(Table, cancellationToken);
        Rows += rows.Count;
        Bytes += rows.Data.Length;
        Ended = rows.IsEnd;
        return rows;
    }

    /// <summary>Reads past what is left of the block, counting it.</summary>
    internal async ValueTask SkipAsync(CancellationToken cancellationToken)
    {
        while (!(await ReadAsync(cancellationToken)).IsEnd)
        {
        }
    }
}
