namespace Hourglass.Configuration;

/// <summary>
/// The web host inside <c>serve</c> (README "Web"): health, metrics, the JSON API and the dashboard. Absent means off.
/// Without <see cref="Auth"/> it binds loopback only: anyone who can reach the port could start a restore.
/// </summary>
public sealed class WebOptions
{
    /// <summary>Where Kestrel listens, <c>host:port</c> (<c>127.0.0.1:8765</c>, <c>[::1]:8765</c>, <c>0.0.0.0:8765</c>). Default <c>127.0.0.1:8765</c>.</summary>
    public string Listen { get; set; } = "127.0.0.1:8765";

    /// <summary>Sign-in for people and bearer tokens for scripts. Required to listen beyond loopback. Default none.</summary>
    public WebAuthOptions? Auth { get; set; }

    /// <summary>A PEM certificate (chain) to serve HTTPS with; relative to the config file's folder. Default none (HTTP; put a TLS proxy in front).</summary>
    public string? CertificateFile { get; set; }

    /// <summary>The certificate's PEM private key. Needed with <see cref="CertificateFile"/> unless the key is in that file.</summary>
    public string? CertificateKeyFile { get; set; }
}

/// <summary>How people and scripts prove who they are to the web host. No secret is a config value.</summary>
public sealed class WebAuthOptions
{
    /// <summary>The name people sign in with. Default <c>admin</c>.</summary>
    public string User { get; set; } = "admin";

    /// <summary>A file holding the password's hash, as <c>hourglass web password</c> writes it; relative to the config file's folder. Required.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>How long a sign-in lasts without use. Default 12 hours.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}
