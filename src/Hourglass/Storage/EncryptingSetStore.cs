using System.Collections.Concurrent;

namespace Hourglass.Storage;

/// <summary>
/// A store whose new sets are encrypted at rest: every file written into a set goes through age to
/// <c>{file}.age</c>, and the manifest written at commit describes the files as stored (name, size and SHA-256 of
/// the encrypted bytes) and keeps the plain file's checksum beside them, so a decrypted file can be checked too. The
/// manifest itself stays readable: listing, status and retention need no private key. Reading is left to the
/// caller (<see cref="SetKeys.OpenDumpAsync"/>), which decrypts what the manifest says is encrypted, on any store.
/// </summary>
internal sealed class EncryptingSetStore(ISetStore inner, SetKeys keys) : ISetStore
{
    /// <summary>The suffix of an encrypted file.</summary>
    public const string Suffix = ".age";

    public string Location => inner.Location;

    public Task<IReadOnlyList<string>> ListTiersAsync(CancellationToken cancellationToken) => inner.ListTiersAsync(cancellationToken);

    public Task<IReadOnlyList<StoredSet>> ListSetsAsync(string? tier, CancellationToken cancellationToken) => inner.ListSetsAsync(tier, cancellationToken);

    public Task<StoredSet?> FindAsync(SetId id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<Leftover>> ListLeftoversAsync(string tier, CancellationToken cancellationToken) => inner.ListLeftoversAsync(tier, cancellationToken);

    public Task<Stream?> OpenReadAsync(SetId id, string file, CancellationToken cancellationToken) => inner.OpenReadAsync(id, file, cancellationToken);

    public async Task<ISetWriter> BeginAsync(SetId id, CancellationToken cancellationToken) =>
        new Writer(await inner.BeginAsync(id, cancellationToken), keys);

    public Task ReplaceManifestAsync(Manifest manifest, CancellationToken cancellationToken) => inner.ReplaceManifestAsync(manifest, cancellationToken);

    public Task DeleteAsync(SetId id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public Task RemoveLeftoverAsync(Leftover leftover, CancellationToken cancellationToken) => inner.RemoveLeftoverAsync(leftover, cancellationToken);

    public Task<long?> FreeBytesAsync(CancellationToken cancellationToken) => inner.FreeBytesAsync(cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);

    private sealed class Writer(ISetWriter inner, SetKeys keys) : ISetWriter
    {
        // Plain name → the encrypted file's stream, whose size and checksum the manifest records at commit.
        private readonly ConcurrentDictionary<string, HashingStream> _encrypted = new(StringComparer.Ordinal);

        public SetId Id => inner.Id;

        public string Location => inner.Location;

        /// <remarks>
        /// A file that is already encrypted (a copy of a set that was encrypted where it came from) is stored as it is:
        /// encrypting it twice would make it unreadable with one <c>age -d</c>.
        /// </remarks>
        public async Task<Stream> CreateFileAsync(string file, CancellationToken cancellationToken)
        {
            if (file.EndsWith(Suffix, StringComparison.Ordinal))
            {
                return await inner.CreateFileAsync(file, cancellationToken);
            }

            var stored = new HashingStream(await inner.CreateFileAsync(file + Suffix, cancellationToken));
            _encrypted[file] = stored;
            return keys.Encrypt(stored);
        }

        public Task DeleteFileAsync(string file, CancellationToken cancellationToken) =>
            inner.DeleteFileAsync(_encrypted.TryRemove(file, out _) ? file + Suffix : file, cancellationToken);

        public Task CommitAsync(Manifest manifest, CancellationToken cancellationToken) =>
            inner.CommitAsync(manifest with
            {
                Databases = [.. manifest.Databases.Select(Stored)],
                Globals = manifest.Globals is { } globals ? Stored(globals) : null,
            }, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        private DatabaseDump Stored(DatabaseDump dump) => _encrypted.TryGetValue(dump.File, out var stored)
            ? dump with
            {
                File = dump.File + Suffix,
                Bytes = stored.Bytes,
                Sha256 = stored.Sha256,
                Encryption = DatabaseDump.AgeEncryption,
                DecryptedSha256 = dump.Sha256,
                DecryptedBytes = dump.Bytes,
            }
            : dump;
    }
}
