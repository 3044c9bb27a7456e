using System.Text.Json;

namespace Hourglass.Alerts;

/// <summary>A Slack incoming webhook: <c>{"text": "…"}</c>. Its URL is the secret.</summary>
internal sealed class SlackChannel(string url, AlertHttp http) : IAlertChannel
{
    public string Name => "slack";

    public string Render(AlertMessage message) =>
        JsonSerializer.Serialize(new SlackBody($"{Icon(message)} *Hourglass* {message.Headline}"), AlertJsonContext.Default.SlackBody);

    public Task SendAsync(string messageId, string payload, CancellationToken cancellationToken) =>
        http.PostAsync(url, payload, "application/json", [], cancellationToken);

    private static string Icon(AlertMessage message) => message.Data.Event switch
    {
        AlertChanges.Resolved => ":white_check_mark:",
        AlertChanges.Test => ":information_source:",
        _ => ":red_circle:",
    };
}

/// <summary>What Slack's incoming webhooks take.</summary>
/// <param name="Text">The message, in Slack's mrkdwn.</param>
internal sealed record SlackBody(string Text);
