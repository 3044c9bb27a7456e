namespace Hourglass.Restores;

/// <summary>
/// Whole rows of a COPY block as the dump holds them (text format, each ending in a newline), ready to send to a
/// <c>COPY … FROM stdin</c> on any connection; valid until the next read of the same reader.
/// </summary>
/// <param name="Data">The rows' bytes.</param>
/// <param name="Count">How many rows <paramref name="Data"/> holds; 0 only at the end of the block.</param>
internal readonly record struct DumpRows(ReadOnlyMemory<byte> Data, int Count)
{
    /// <summary>True when the block has no more rows.</summary>
    public bool IsEnd => Count == 0;
}
