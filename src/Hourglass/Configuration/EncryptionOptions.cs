namespace Hourglass.Configuration;

/// <summary>
/// The age keys of every encrypted file, in one place (README "Encryption"). Backups need only the public
/// <see cref="Recipients"/>; restore and verify of encrypted files need the <see cref="IdentityFile"/>, which a
/// backup host may deliberately not have.
/// </summary>
public sealed class EncryptionOptions
{
    /// <summary>age public keys (<c>age1…</c>) every encrypted file is readable by. No default.</summary>
    public IList<string> Recipients { get; set; } = [];

    /// <summary>An <c>age-keygen</c> file holding the private identity. Relative to the config file's folder. No default.</summary>
    public string? IdentityFile { get; set; }

    /// <summary>When true, sets in the backup root are encrypted too, not only copies on targets that say <c>encrypt</c>. Default false.</summary>
    public bool Local { get; set; }
}
