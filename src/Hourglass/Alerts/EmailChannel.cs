using System.Globalization;
using System.Text;
using System.Text.Json;
using Hourglass.Configuration;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Hourglass.Alerts;

/// <summary>
/// Email through an SMTP server (MailKit): one plain-text message to every <c>to</c> address. The connection is made
/// per send; alerts are rare, and a server that went away between two messages is then no special case.
/// </summary>
internal sealed class EmailChannel(EmailAlertOptions options, string? password, AlertSecrets secrets, TimeProvider time) : IAlertChannel
{
    public string Name => "email";

    /// <summary>The configured <c>security</c> as MailKit's option; null when it is not one of the three.</summary>
    public static SecureSocketOptions? Security(string security) => security.ToLowerInvariant() switch
    {
        "starttls" => SecureSocketOptions.StartTls,
        "tls" => SecureSocketOptions.SslOnConnect,
        "none" => SecureSocketOptions.None,
        _ => null,
    };

    public string Render(AlertMessage message)
    {
        var data = message.Data;
        var body = new StringBuilder()
            .AppendLine(data.Message)
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Type:      {message.Type}")
            .AppendLine(CultureInfo.InvariantCulture, $"Subject:   {data.Subject}")
            .AppendLine(CultureInfo.InvariantCulture, $"Opened:    {data.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z")
            .AppendLine(CultureInfo.InvariantCulture, $"Resolved:  {(data.ResolvedAt is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "not yet")}")
            .AppendLine(CultureInfo.InvariantCulture, $"Node:      {data.Node}")
            .AppendLine(CultureInfo.InvariantCulture, $"Key:       {data.Key}")
            .ToString();
        return JsonSerializer.Serialize(new EmailContent($"[Hourglass] {message.Headline}", body), AlertJsonContext.Default.EmailContent);
    }

    public async Task SendAsync(string messageId, string payload, CancellationToken cancellationToken)
    {
        var content = JsonSerializer.Deserialize(payload, AlertJsonContext.Default.EmailContent) ?? throw new AlertSendException("empty email payload");
        using var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(options.From ?? ""));
        foreach (var to in options.To)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }

        mail.Subject = content.Subject;
        mail.MessageId = $"{messageId}@hourglass";
        mail.Body = new TextPart("plain") { Text = content.Body };

        using var timer = new CancellationTokenSource(AlertHttp.Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using var client = new SmtpClient { Timeout = (int)AlertHttp.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(options.Host ?? "", options.Port, Security(options.Security) ?? SecureSocketOptions.StartTls, timeout.Token);
            if (options.Username is { } username)
            {
                await client.AuthenticateAsync(username, password ?? "", timeout.Token);
            }

            await client.SendAsync(mail, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSendException($"SMTP server {options.Host}:{options.Port} did not finish within {AlertHttp.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException or AuthenticationException or NotSupportedException or System.Security.Authentication.AuthenticationException)
        {
            throw new AlertSendException(secrets.Redact($"SMTP server {options.Host}:{options.Port}: {e.Message}"));
        }
    }
}

/// <summary>An email as stored in the ledger: its subject and plain-text body.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="Body">The body.</param>
internal sealed record EmailContent(string Subject, string Body);
