using System.Diagnostics;

namespace Hourglass.Encryption;

/// <summary>
/// The bytes read from an encrypted file and not used yet. The header has no length field, so reading it reads into
/// the payload; what is left over stays here for the first chunk. Every read goes through one method that is
/// synchronous or not as its caller is (the pattern of Npgsql's <c>bool async</c>).
/// </summary>
internal sealed class SourceBuffer(Stream source, int capacity)
{
    private readonly byte[] _buffer = new byte[capacity];
    private int _start;
    private int _end;

    public int Capacity => _buffer.Length;

    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    public Stream Source => source;

    public void Consume(int count)
    {
        Debug.Assert(count <= _end - _start);
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the source ends; returns how many are.</summary>
    public async ValueTask<int> FillAsync(int count, bool useAsync, CancellationToken cancellationToken)
    {
        Debug.Assert(count <= _buffer.Length);
        if (_start + count > _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            var read = useAsync
                ? await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken)
                : source.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                break;
            }

            _end += read;
        }

        return _end - _start;
    }
}
