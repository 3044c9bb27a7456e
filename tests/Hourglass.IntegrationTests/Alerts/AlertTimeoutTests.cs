using System.Net;
using System.Net.Sockets;
using Hourglass.Alerts;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary>
/// A receiver that never answers costs one send <see cref="AlertHttp.Timeout"/> on the daemon's clock (the injected
/// <see cref="TimeProvider"/>), so the timeout is the one a test or an embedding app controls.
/// </summary>
public sealed class AlertTimeoutTests
{
    /// <summary>Far less than the real 10 s: a send that ends within it ended on the fake clock.</summary>
    private static readonly TimeSpan WellBeforeTheRealTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Post_HangingReceiver_GivesUpWhenTheInjectedClockPassesTheTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await HttpReceiver.StartAsync(HttpReceiver.Behaviour.Hang);
        var time = new FakeTimeProvider();
        using var http = new AlertHttp(AlertSecrets.Read(new AlertOptions()), time);

        var post = http.PostAsync(receiver.Url("/hook"), "{}", "application/json", [], ct);
        await Eventually.GetAsync(() => Task.FromResult(receiver.Requests.FirstOrDefault()), TimeSpan.FromSeconds(10), "the request at the receiver");
        time.Advance(AlertHttp.Timeout);

        var error = await Assert.ThrowsAsync<AlertSendException>(() => post.WaitAsync(WellBeforeTheRealTimeout, TimeProvider.System, ct));
        Assert.Equal("no answer within 10 s", error.Message);
    }

    [Fact]
    public async Task Email_SmtpServerThatNeverGreets_GivesUpWhenTheInjectedClockPassesTheTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        // Accepts connections (the kernel completes them) and never says a word: an SMTP server that hangs.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            var port = ((IPEndPoint)silent.LocalEndpoint).Port;
            var options = new EmailAlertOptions { Host = "127.0.0.1", Port = port, Security = "none", From = "h@example.com", To = ["o@example.com"] };
            var time = new FakeTimeProvider();
            var email = new EmailChannel(options, null, AlertSecrets.Read(new AlertOptions()), time);
            var message = new AlertMessage(AlertKinds.Test, time.GetUtcNow(), new AlertMessageData("test", "test", "alerts", "a test", AlertChanges.Test, time.GetUtcNow(), null, "node"));

            var send = email.SendAsync("msg_1", email.Render(message), ct);
            await Eventually.GetAsync(() => Task.FromResult(silent.Pending() ? "connected" : null), TimeSpan.FromSeconds(10), "the connection at the silent server");
            time.Advance(AlertHttp.Timeout);

            var error = await Assert.ThrowsAsync<AlertSendException>(() => send.WaitAsync(WellBeforeTheRealTimeout, TimeProvider.System, ct));
            Assert.Equal($"SMTP server 127.0.0.1:{port} did not finish within 10 s", error.Message);
        }
        finally
        {
            silent.Stop();
        }
    }
}
