using System.Text.Json;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The alert webhooks the lab's receiver got, read from their bodies. A message retried after a lost answer keeps its
/// <c>webhook-id</c> (receivers drop such repeats, by the Standard Webhooks rules), so messages count by id.
/// </summary>
internal static class Alerts
{
    public sealed record Message(string Id, string Key, string Event, string OpenedAt);

    public static IReadOnlyList<Message> Messages(Lab lab) =>
    [
        .. lab.Receiver.Requests
            .Where(r => r.Path == "/webhook")
            .Select(r => (Id: r.Headers.GetValueOrDefault("webhook-id", ""), Data: JsonDocument.Parse(r.Body).RootElement.GetProperty("data")))
            .Select(r => new Message(r.Id, r.Data.GetProperty("key").GetString() ?? "", r.Data.GetProperty("event").GetString() ?? "", r.Data.GetProperty("openedAt").GetString() ?? ""))
            .DistinctBy(m => m.Id),
    ];

    /// <summary>Every problem alerted, resolved or reminded more than once: two different messages for one event of one alert.</summary>
    public static IEnumerable<string> Repeated(Lab lab) =>
        Messages(lab)
            .Where(m => m.Event is "opened" or "resolved")
            .GroupBy(m => (m.Key, m.OpenedAt, m.Event))
            .Where(g => g.Count() > 1)
            .Select(g => $"the alert {g.Key.Key} opened at {g.Key.OpenedAt} was sent '{g.Key.Event}' {g.Count()} times");
}
