using Hourglass.Storage;

namespace Hourglass.Restores;

/// <summary>
/// A dump opened for a restore whose stored bytes are hashed as they stream, so one read both loads the dump and
/// checks it against its manifest. The stored bytes are hashed before any decryption, because the manifest's
/// SHA-256 is of the file as stored. The verdict is taken at the end of the input, before psql sees it end, so a
/// mismatch can still roll the load back.
/// </summary>
internal sealed class StreamedDump : IAsyncDisposable
{
    private readonly HashingStream _stored;
    private readonly Stream? _decrypted;
    private readonly SetId _set;
    private readonly DatabaseDump _dump;

    private StreamedDump(HashingStream stored, Stream? decrypted, SetId set, DatabaseDump dump)
    {
        _stored = stored;
        _decrypted = decrypted;
        _set = set;
        _dump = dump;
    }

    /// <summary>The dump's compressed bytes, decrypted when it is stored encrypted.</summary>
    public Stream Input => _decrypted ?? _stored;

    /// <summary>Opens the dump; a missing file is a one-line error naming it, and wrong keys fail here, before anything is created.</summary>
    public static async Task<StreamedDump> OpenAsync(ISetStore store, SetKeys keys, SetId set, DatabaseDump dump, CancellationToken cancellationToken)
    {
        var stored = new HashingStream(await FileChecksum.OpenAsync(store, set, dump.File, cancellationToken));
        try
        {
            var decrypted = dump.Encryption is null ? null : await keys.DecryptAsync(stored, dump.File, leaveOpen: true, cancellationToken);
            return new StreamedDump(stored, decrypted, set, dump);
        }
        catch
        {
            await stored.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Reads whatever the decompressor left unread (trailing bytes, or everything after the point a load failed), then
    /// compares the stored bytes with the manifest: the problem naming the file, or null when they match.
    /// </summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        await _stored.CopyToAsync(Stream.Null, cancellationToken);
        return FileChecksum.Mismatch(_set, _dump.File, _stored.Sha256, _dump.Sha256);
    }

    public async ValueTask DisposeAsync()
    {
        if (_decrypted is not null)
        {
            await _decrypted.DisposeAsync();
        }

        await _stored.DisposeAsync();
    }
}
