using MimeKit;

[assembly: AssemblyFixture(typeof(Hourglass.IntegrationTests.Infrastructure.SmtpServer))]

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// One private SMTP server for the whole run (Debian's aiosmtpd, scripts/smtp-server.sh), delivering into a Maildir.
/// ./test.sh starts it and passes it in HOURGLASS_TEST_SMTP_* variables; run on their own, the tests start one the
/// same way on first use and stop it at the end. Tests tell their mail apart by a recipient address of their own.
/// </summary>
public sealed class SmtpServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private string? _ownedFolder;
    private Dictionary<string, string>? _settings;

    public string Host => Setting("SMTP_HOST");

    public int Port => int.Parse(Setting("SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public string User => Setting("SMTP_USER");

    /// <summary>The one user's password: a secret the tests look for everywhere it must not be.</summary>
    public string Password => Setting("SMTP_PASSWORD");

    private string Mailbox => Setting("SMTP_MAILBOX");

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_ownedFolder is not null)
        {
            await RunScriptAsync("stop", _ownedFolder);
        }
    }

    /// <summary>Starts the server unless ./test.sh did (or an earlier test did).</summary>
    public async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_settings is not null)
            {
                return;
            }

            if (Environment.GetEnvironmentVariable("HOURGLASS_TEST_SMTP_PORT") is { Length: > 0 })
            {
                _settings = new[] { "SMTP_HOST", "SMTP_PORT", "SMTP_MAILBOX", "SMTP_USER", "SMTP_PASSWORD" }
                    .ToDictionary(key => key, key => Environment.GetEnvironmentVariable("HOURGLASS_TEST_" + key) ?? "");
            }
            else
            {
                _ownedFolder = Path.Combine(Path.GetTempPath(), $"hourglass-smtp-{Guid.NewGuid():N}"[..26]);
                _settings = Scripts.Settings(await RunScriptAsync("start", _ownedFolder));
            }
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>The messages delivered so far to <paramref name="to"/>, oldest first.</summary>
    public IReadOnlyList<MimeMessage> MessagesTo(string to) =>
        new[] { "new", "cur" }
            .Select(sub => Path.Combine(Mailbox, sub))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles)
            .Select(file => MimeMessage.Load(file))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(m => m.Date)
            .ToList();

    private string Setting(string key) =>
        _settings?[key] ?? throw new InvalidOperationException("call EnsureStartedAsync first: the SMTP server starts on first use");

    private static Task<string> RunScriptAsync(string action, string folder) =>
        Scripts.RunAsync("smtp-server.sh", action, folder, "the private SMTP server",
            "Install aiosmtpd (apt-get install python3-aiosmtpd) or run ./test.sh, which does.");
}
