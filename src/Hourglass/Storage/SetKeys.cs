using Hourglass.Configuration;
using Hourglass.Encryption;

namespace Hourglass.Storage;

/// <summary>
/// The age keys of encrypted sets (README "Encryption"), read once and only when needed: writing needs the public
/// recipients alone, so a backup host can hold no private key at all; only reading an encrypted file back (restore,
/// a test restore, a full verify) loads the identity file.
/// </summary>
public sealed class SetKeys(EncryptionOptions options) : IDisposable
{
    // Parsed when the engine is built, so a mistyped recipient stops every command (exit 2), not the first backup.
    private readonly IReadOnlyList<AgeRecipient> _recipients = [.. options.Recipients.Select(AgeRecipient.Parse)];
    private readonly Lazy<IReadOnlyList<AgeIdentity>> _identities = new(() =>
        options.IdentityFile is { } file ? AgeIdentity.LoadFile(file) : throw Errors.NoIdentityFile());

    /// <summary>True when an identity file is configured, so encrypted files can be read here.</summary>
    public bool CanDecrypt => options.IdentityFile is not null;

    /// <summary>The public keys files are encrypted for.</summary>
    public IReadOnlyList<AgeRecipient> Recipients => _recipients;

    /// <summary>The private identities in the identity file; a usage error when there is none.</summary>
    public IReadOnlyList<AgeIdentity> Identities => _identities.Value;

    /// <summary>A stream that encrypts what is written to it into <paramref name="destination"/>, which it disposes.</summary>
    internal Stream Encrypt(Stream destination) => AgeEncryption.Encrypt(destination, Recipients);

    /// <summary>
    /// Opens the dump <paramref name="dump"/> of a set as its compressed bytes, decrypting it when it is stored
    /// encrypted. The decrypting stream refuses (throws) rather than ends early on a damaged or cut-short file.
    /// </summary>
    public async Task<Stream> OpenDumpAsync(ISetStore store, SetId set, DatabaseDump dump, CancellationToken cancellationToken)
    {
        var stored = await FileChecksum.OpenAsync(store, set, dump.File, cancellationToken);
        if (dump.Encryption is null)
        {
            return stored;
        }

        try
        {
            return await DecryptAsync(stored, dump.File, leaveOpen: false, cancellationToken);
        }
        catch
        {
            await stored.DisposeAsync();
            throw;
        }
    }

    /// <summary>Decrypts <paramref name="stored"/> as it is read. Wrong keys are a usage error; a damaged file a data fault.</summary>
    internal Task<Stream> DecryptAsync(Stream stored, string file, bool leaveOpen, CancellationToken cancellationToken) =>
        AgeEncryption.DecryptAsync(stored, Identities, file, cancellationToken, leaveOpen);

    /// <summary>Wipes the private keys, if they were loaded.</summary>
    public void Dispose()
    {
        if (_identities.IsValueCreated)
        {
            foreach (var identity in _identities.Value)
            {
                identity.Dispose();
            }
        }
    }
}
