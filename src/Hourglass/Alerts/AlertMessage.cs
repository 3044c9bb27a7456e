using System.Text.Json.Serialization;

namespace Hourglass.Alerts;

/// <summary>
/// One message about one alert, before a channel renders it: the Standard Webhooks body's shape. It carries no
/// secret, so its rendering can be stored in the ledger.
/// </summary>
/// <param name="Type">The event type: a kind (<c>backup.failed</c>), a kind plus <c>.resolved</c>, or <c>test</c>.</param>
/// <param name="Timestamp">When the message was made.</param>
/// <param name="Data">What it is about.</param>
public sealed record AlertMessage(string Type, DateTimeOffset Timestamp, AlertMessageData Data)
{
    /// <summary>The message for an alert's <paramref name="change"/> (<c>opened</c>, <c>reminder</c>, <c>resolved</c>).</summary>
    public static AlertMessage For(string change, string key, string kind, string subject, string text, DateTimeOffset openedAt, DateTimeOffset now, string node) => new(
        change == AlertChanges.Resolved ? kind + AlertKinds.ResolvedSuffix : kind,
        now,
        new AlertMessageData(key, kind, subject, text, change, openedAt, change == AlertChanges.Resolved ? now : null, node));

    /// <summary>The one line people read (Slack's text, the email's subject).</summary>
    [JsonIgnore]
    public string Headline => Data.Event switch
    {
        AlertChanges.Resolved => $"RESOLVED {Data.Kind}: {Data.Message}",
        AlertChanges.Reminder => $"STILL {Data.Kind}: {Data.Message}",
        AlertChanges.Test => $"TEST: {Data.Message}",
        _ => $"{Data.Kind}: {Data.Message}",
    };
}

/// <summary>The <c>data</c> of an alert message.</summary>
/// <param name="Key">The problem's key, stable from open to resolve.</param>
/// <param name="Kind">The problem's kind.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Message">One line naming the subject and what to do (for a resolved message, what cleared).</param>
/// <param name="Event"><c>opened</c>, <c>reminder</c>, <c>resolved</c> or <c>test</c>.</param>
/// <param name="OpenedAt">When the alert opened.</param>
/// <param name="ResolvedAt">When it cleared; null while open.</param>
/// <param name="Node">The node that sent it.</param>
public sealed record AlertMessageData(string Key, string Kind, string Subject, string Message, string Event, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt, string Node);

/// <summary>What happened to an alert: the <c>event</c> of its messages and deliveries.</summary>
public static class AlertChanges
{
    /// <summary>The problem appeared.</summary>
    public const string Opened = "opened";

    /// <summary>It is still there after <c>alerts.remindEvery</c>.</summary>
    public const string Reminder = "reminder";

    /// <summary>It cleared.</summary>
    public const string Resolved = "resolved";

    /// <summary>A test message from <c>hourglass alerts test</c>.</summary>
    public const string Test = "test";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AlertMessage))]
[JsonSerializable(typeof(SlackBody))]
[JsonSerializable(typeof(EmailContent))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
