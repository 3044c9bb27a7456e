using System.Text;

namespace Hourglass.Backups;

/// <summary>
/// Keeps the last few kilobytes of a stream to check that it ended with pg_dump's completion comment.
/// pg_dump closes the comment block with a bare <c>--</c> line, and current minor releases add a <c>\unrestrict</c>
/// line and blank lines after it; those are skipped, nothing else is.
/// </summary>
internal sealed class DumpTail
{
    private const int Capacity = 4096;
    private readonly byte[] _buffer = new byte[Capacity];
    private int _length;

    /// <summary>Feeds the next bytes.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.Length >= Capacity)
        {
            data[^Capacity..].CopyTo(_buffer);
            _length = Capacity;
            return;
        }

        var keep = Math.Min(_length, Capacity - data.Length);
        _buffer.AsSpan(_length - keep, keep).CopyTo(_buffer);
        data.CopyTo(_buffer.AsSpan(keep));
        _length = keep + data.Length;
    }

    /// <summary>True when the last line that is not blank, <c>--</c> or <c>\unrestrict …</c> is exactly <paramref name="completionLine"/>.</summary>
    public bool EndsWith(string completionLine)
    {
        var lines = Encoding.UTF8.GetString(_buffer, 0, _length).Split('\n');
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || line == "--" || line.StartsWith("\\unrestrict ", StringComparison.Ordinal))
            {
                continue;
            }

            return line == completionLine;
        }

        return false;
    }
}
