namespace Hourglass.Alerts;

/// <summary>
/// <c>hourglass alerts test</c>: a <c>test</c> message to every configured channel, and a ping of the dead man's
/// switch, sent now and directly (not through the ledger), each with its outcome, so a person sees at once which
/// channel works.
/// </summary>
public static class AlertTester
{
    /// <summary>One line per channel (<c>webhook</c>, <c>slack</c>, <c>email</c>, <c>ping</c>): null when sent, else why not.</summary>
    public static async Task<IReadOnlyList<(string Channel, string? Error)>> SendAsync(AlertChannels channels, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var node = Environment.MachineName;
        var message = new AlertMessage(
            AlertKinds.Test,
            now,
            new AlertMessageData(AlertKinds.Test, AlertKinds.Test, "alerts", $"a test message from `hourglass alerts test` on {node}: this channel works", AlertChanges.Test, now, null, node));
        var sends = channels.All
            .Select(channel => (channel.Name, Send: (Func<Task>)(() => channel.SendAsync($"msg_test_{Guid.NewGuid():N}", channel.Render(message), cancellationToken))))
            .ToList();
        if (channels.Secrets.PingUrl is { } ping)
        {
            sends.Add(("ping", () => channels.Http.PostAsync(ping, "hourglass alerts test", "text/plain", [], cancellationToken)));
        }

        return await Task.WhenAll(sends.Select(async s =>
        {
            try
            {
                await s.Send();
                return (s.Name, (string?)null);
            }
#pragma warning disable CA1031 // Any failure of one channel is that channel's line; the others still report.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                return (s.Name, channels.Reason(e));
            }
        }));
    }
}
