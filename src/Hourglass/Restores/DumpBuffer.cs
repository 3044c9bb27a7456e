using System.Buffers;

namespace Hourglass.Restores;

/// <summary>
/// The window of a dump the <see cref="DumpReader"/> looks at: whole lines out of a stream, in a pooled buffer that
/// grows only to the longest line (or row), so reading a dump of any size takes the same memory.
/// </summary>
internal sealed class DumpBuffer(Stream source) : IDisposable
{
    private const int InitialSize = 1 << 20;
    private static readonly byte[] EndOfCopy = @"\."u8.ToArray();

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(InitialSize);
    private int _start;
    private int _end;
    private bool _ended;

    /// <summary>How many bytes the buffer holds now: its initial size unless a line or row was longer.</summary>
    public int Capacity => _bytes.Length;

    /// <summary>
    /// The next line with its newline (the dump's last line may lack one); empty at the end of the stream. Valid until
    /// the next read.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = _bytes.AsSpan(_start + scanned, _end - _start - scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline + 1;
                var line = _bytes.AsMemory(_start, length);
                _start += length;
                return line;
            }

            scanned = _end - _start;
            if (!await FillAsync(cancellationToken))
            {
                var rest = _bytes.AsMemory(_start, _end - _start);
                _start = _end;
                return rest;
            }
        }
    }

    /// <summary>
    /// The next whole rows of a COPY block, as many as the buffer holds, stopping before the line <c>\.</c> that ends
    /// the block (left for <see cref="ReadLineAsync"/>); an empty result is the end of the block. Only a line that is
    /// exactly <c>\.</c> ends it: inside values pg_dump escapes backslashes, so <c>\.</c> in text is never a line of its own.
    /// Valid until the next read.
    /// </summary>
    public async ValueTask<DumpRows> ReadRowsAsync(string table, CancellationToken cancellationToken)
    {
        if (_end - _start < _bytes.Length / 2 && !_ended)
        {
            await FillAsync(cancellationToken);
        }

        while (true)
        {
            var position = _start;
            var rows = 0;
            var ends = false;
            while (true)
            {
                var newline = _bytes.AsSpan(position, _end - position).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                if (_bytes.AsSpan(position, newline).SequenceEqual(EndOfCopy))
                {
                    ends = true;
                    break;
                }

                position += newline + 1;
                rows++;
            }

            if (rows > 0 || ends)
            {
                var data = _bytes.AsMemory(_start, position - _start);
                _start = position;
                return new DumpRows(data, rows);
            }

            if (!await FillAsync(cancellationToken))
            {
                throw new InvalidDataException($"the dump ends inside the data of {table}, before its closing \\. line");
            }
        }
    }

    /// <summary>Reads more of the stream behind what is buffered, making room first; false at the end of the stream.</summary>
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return false;
        }

        if (_start > 0)
        {
            _bytes.AsSpan(_start, _end - _start).CopyTo(_bytes);
            _end -= _start;
            _start = 0;
        }

        if (_end == _bytes.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_bytes.Length * 2);
            _bytes.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = larger;
        }

        var read = await source.ReadAsync(_bytes.AsMemory(_end), cancellationToken);
        _end += read;
        _ended = read == 0;
        return !_ended;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }
}
