using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Hourglass.Restores;

/// <summary>
/// Reads a plain pg_dump script (decompressed and decrypted already) as the entries pg_dump labels, in one pass and
/// without holding it: an entry's SQL is held until the next entry starts, and a table's rows stream through
/// <see cref="DumpEntry.Copy"/>, so memory depends on the largest object definition or row, never on the dump's size.
/// What parallel and selective restores build on: the section of each entry says when it may run, the settings which
/// session state it needs, and the rows of different tables (or runs of one table) may go to different connections.
/// The entries' bytes, rows and trailers, between <see cref="Preamble"/> and <see cref="Epilogue"/>, are the dump
/// byte for byte.
/// </summary>
/// <remarks>
/// An entry starts at a line <c>--</c> followed by pg_dump's <c>-- Name: …; Type: …</c> line. A function body that
/// holds exactly such a pair of lines would be cut there; pg_dump gives no way to tell, and pg_restore reads archives,
/// not plain scripts, so there is no better oracle.
/// </remarks>
internal sealed class DumpReader : IDisposable
{
    private static readonly byte[] CommentLine = "--"u8.ToArray();
    private static readonly byte[] DumpComplete = "-- PostgreSQL database dump complete"u8.ToArray();
    private static readonly byte[] TocEntry = "-- TOC entry "u8.ToArray();
    private static readonly byte[] Dependencies = "-- Dependencies: "u8.ToArray();
    private static readonly byte[] CopyPrefix = "COPY "u8.ToArray();
    private static readonly byte[] FromStdin = " FROM stdin;"u8.ToArray();
    private static readonly byte[][] BetweenEntrySettings = ["SET default_tablespace = "u8.ToArray(), "SET default_table_access_method = "u8.ToArray()];
    private static readonly byte[][] PreambleSettings = ["SET "u8.ToArray(), "SELECT pg_catalog.set_config("u8.ToArray()];

    private readonly DumpBuffer _buffer;
    private readonly ArrayBufferWriter<byte> _text = new();
    private readonly List<string> _settings = [];
    private IReadOnlyList<string> _settingsNow = [];
    private DumpEntryHeader? _next;
    private IReadOnlyList<string> _nextSettings = [];
    private DumpSection _section = DumpSection.PreData;
    private bool _inPreamble = true;
    private bool _started;

    private DumpReader(Stream source) => _buffer = new DumpBuffer(source);

    /// <summary>
    /// What comes before the first entry: pg_dump's opening comments and the <c>SET</c> lines that prepare a session
    /// (and, from PostgreSQL 17.6 on, psql's <c>\restrict</c> line).
    /// </summary>
    public ReadOnlyMemory<byte> Preamble { get; private set; }

    /// <summary>
    /// True when the preamble enters psql's restricted mode (<c>\restrict KEY</c>, written by pg_dump 15.14, 16.10,
    /// 17.6 and later), in which a dump's text cannot run psql's meta-commands: a loader that feeds the entries to
    /// psql by other ways than the whole script keeps that protection by entering the mode itself.
    /// </summary>
    public bool Restricted { get; private set; }

    /// <summary>The preamble's <c>SET</c> and <c>set_config</c> statements, which a loader replays on each of its connections.</summary>
    public IReadOnlyList<string> Settings { get; private set; } = [];

    /// <summary>What follows the last entry from pg_dump's <c>-- PostgreSQL database dump complete</c> comment on; known once every entry was read.</summary>
    public ReadOnlyMemory<byte> Epilogue { get; private set; }

    /// <summary>Starts reading <paramref name="source"/>, up to its first entry; the caller keeps ownership of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream is cut short inside a COPY block (from the entries' reads).</exception>
    public static async Task<DumpReader> OpenAsync(Stream source, CancellationToken cancellationToken)
    {
        var reader = new DumpReader(source);
        try
        {
            var boundary = await reader.ReadToBoundaryAsync(copyAllowed: false, cancellationToken);
            reader.Preamble = reader.TakeText(boundary.At);
            reader.Restricted = Encoding.UTF8.GetString(reader.Preamble.Span).Split('\n').Any(line => line.StartsWith("\\restrict ", StringComparison.Ordinal));
            reader.Settings = reader._settingsNow;
            reader._inPreamble = false;
            reader.Finish(boundary);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The dump's entries in order, once. An entry with a <see cref="DumpEntry.Copy"/> block must have its rows read
    /// (or they are skipped) before the next entry comes: the stream is read once.
    /// </summary>
    public async IAsyncEnumerable<DumpEntry> ReadEntriesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("A dump's entries can be read once.");
        }

        _started = true;
        while (_next is { } header)
        {
            _next = null;
            _section = DumpSections.Of(header.Type, _section);
            var settings = _nextSettings;
            var boundary = await ReadToBoundaryAsync(copyAllowed: header.Type == "TABLE DATA", cancellationToken);
            if (boundary.Kind != BoundaryKind.Copy)
            {
                var entry = new DumpEntry(header, _section, TakeText(boundary.At), settings, copy: null);
                Finish(boundary);
                yield return entry;
                continue;
            }

            var copy = new DumpCopy(_buffer, boundary.Line);
            var withCopy = new DumpEntry(header, _section, TakeText(_text.WrittenCount), settings, copy);
            yield return withCopy;
            await copy.SkipAsync(cancellationToken);
            var after = await ReadToBoundaryAsync(copyAllowed: false, cancellationToken);
            withCopy.Trailer = TakeText(after.At);
            Finish(after);
        }
    }

    /// <summary>Moves the text past a boundary to where it belongs: the next entry's start, or the epilogue.</summary>
    private void Finish(Boundary boundary)
    {
        if (boundary.Kind == BoundaryKind.Header)
        {
            _next = boundary.Header;
            _nextSettings = _settingsNow;
        }
        else if (boundary.Kind == BoundaryKind.Epilogue)
        {
            Epilogue = TakeText(_text.WrittenCount);
        }
    }

    /// <summary>
    /// Reads lines into the text being gathered until the next entry starts (its header read, and where it began
    /// noted), a COPY block starts, the epilogue starts (then reads it all), or the stream ends.
    /// </summary>
    private async Task<Boundary> ReadToBoundaryAsync(bool copyAllowed, CancellationToken cancellationToken)
    {
        var commentAt = -1;
        while (true)
        {
            var line = await _buffer.ReadLineAsync(cancellationToken);
            if (line.IsEmpty)
            {
                return new Boundary(BoundaryKind.End, _text.WrittenCount, null, default);
            }

            var at = _text.WrittenCount;
            _text.Write(line.Span);
            var content = line.Span.EndsWith("\n"u8) ? line.Span[..^1] : line.Span;
            if (content.SequenceEqual(CommentLine))
            {
                commentAt = at;
                continue;
            }

            if (commentAt >= 0)
            {
                if (DumpEntryHeader.Parse(content) is { } header)
                {
                    return new Boundary(BoundaryKind.Header, commentAt, header, default);
                }

                if (content.SequenceEqual(DumpComplete))
                {
                    await ReadToEndAsync(cancellationToken);
                    return new Boundary(BoundaryKind.Epilogue, commentAt, null, default);
                }

                if (!content.StartsWith(TocEntry) && !content.StartsWith(Dependencies))
                {
                    commentAt = -1;
                }
            }

            if (copyAllowed && content.StartsWith(CopyPrefix) && content.EndsWith(FromStdin))
            {
                return new Boundary(BoundaryKind.Copy, _text.WrittenCount, null, line.ToArray());
            }

            NoteSetting(content);
        }
    }

    private async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> line;
        while (!(line = await _buffer.ReadLineAsync(cancellationToken)).IsEmpty)
        {
            _text.Write(line.Span);
        }
    }

    /// <summary>Keeps the session settings a loader must replay: every one in the preamble, the per-entry ones after it, the last of each name.</summary>
    private void NoteSetting(ReadOnlySpan<byte> content)
    {
        var prefixes = _inPreamble ? PreambleSettings : BetweenEntrySettings;
        foreach (var prefix in prefixes)
        {
            if (!content.StartsWith(prefix))
            {
                continue;
            }

            var statement = Encoding.UTF8.GetString(content);
            var name = statement.IndexOf(" = ", StringComparison.Ordinal) is var equals and > 0 ? statement[..equals] : statement;
            var settings = new List<string>(_settingsNow);
            var same = settings.FindIndex(s => s == name || s.StartsWith(name + " = ", StringComparison.Ordinal));
            if (same >= 0)
            {
                settings[same] = statement;
            }
            else
            {
                settings.Add(statement);
            }

            _settingsNow = settings;
            return;
        }
    }

    /// <summary>Takes the first <paramref name="length"/> gathered bytes out, keeping the rest for what comes next.</summary>
    private ReadOnlyMemory<byte> TakeText(int length)
    {
        var taken = _text.WrittenSpan[..length].ToArray();
        var rest = _text.WrittenSpan[length..].ToArray();
        _text.ResetWrittenCount();
        _text.Write(rest);
        return taken;
    }

    /// <summary>The bytes the reader holds for reading ahead, which stay the same however large the dump (for tests).</summary>
    internal int BufferCapacity => _buffer.Capacity;

    /// <inheritdoc />
    public void Dispose() => _buffer.Dispose();

    private enum BoundaryKind
    {
        Header,
        Copy,
        Epilogue,
        End,
    }

    /// <summary>Where gathering stopped: <paramref name="At"/> is where the gathered text splits.</summary>
    private readonly record struct Boundary(BoundaryKind Kind, int At, DumpEntryHeader? Header, ReadOnlyMemory<byte> Line);
}
