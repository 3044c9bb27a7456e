using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// One evaluation: reads the state, finds the problems, and brings the ledger's open alerts in line: opens an alert
/// for each new problem key, resolves each open alert whose problem is gone, reminds those due. Every change is one
/// guarded statement in the ledger, so with any number of nodes doing this at once each change happens once, and the
/// node that made it queues its messages (one per channel) and publishes <see cref="AlertChanged"/>.
/// </summary>
internal sealed class AlertReconciler(
    HourglassOptions options,
    TierList tiers,
    SetStores stores,
    IJobLedger jobs,
    IAlertLedger alerts,
    StatusReporter status,
    AlertChannels channels,
    EventStream events,
    ILogger<AlertReconciler> logger)
{
    private readonly string _node = Environment.MachineName;
    private readonly ProblemConfirmation _confirmation = new();

    /// <summary>Evaluates once and returns the problems acted on (found, and confirmed where they need it).</summary>
    public async Task<IReadOnlyList<Problem>> ReconcileAsync(CancellationToken cancellationToken)
    {
        // The open alerts are read before the state: an alert may be resolved only by a state read after it was
        // opened, so a node with an older view never resolves what another node just opened.
        var open = await alerts.AlertsAsync(openOnly: true, limit: 100_000, cancellationToken);
        var situation = await ReadAsync(cancellationToken);
        var now = situation.Now;
        var (problems, held) = _confirmation.Apply(ProblemFinder.Find(situation), open, now);
        var openKeys = open.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var current = problems.ToDictionary(p => p.Key, StringComparer.Ordinal);

        // Whole milliseconds, which both ledgers store exactly: the "resolved" message repeats the recorded time.
        var openedAt = now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond));
        foreach (var problem in problems.Where(p => !openKeys.Contains(p.Key)))
        {
            var deliveries = Deliveries(AlertChanges.Opened, problem.Key, problem.Kind, problem.Subject, problem.Message, openedAt, now);
            if (await alerts.OpenAlertAsync(new NewAlert(problem.Key, problem.Kind, problem.Subject, problem.Message, openedAt), deliveries, cancellationToken) is not null)
            {
                Changed(AlertChanges.Opened, problem.Key, problem.Kind, problem.Message, now);
            }
        }

        foreach (var alert in open.Where(a => !held.Contains(a.Key)))
        {
            if (!current.TryGetValue(alert.Key, out var problem))
            {
                var message = Problem.Cleared(alert.Kind, alert.Subject, now - alert.OpenedAt);
                if (await alerts.ResolveAlertAsync(alert.Id, message, Deliveries(AlertChanges.Resolved, alert.Key, alert.Kind, alert.Subject, message, alert.OpenedAt, now), cancellationToken))
                {
                    Changed(AlertChanges.Resolved, alert.Key, alert.Kind, message, now);
                }
            }
            else if (now - alert.LastSentAt >= options.Alerts.RemindEvery
                && await alerts.RemindAlertAsync(alert.Id, options.Alerts.RemindEvery, Deliveries(AlertChanges.Reminder, alert.Key, alert.Kind, alert.Subject, problem.Message, alert.OpenedAt, now), cancellationToken))
            {
                Changed(AlertChanges.Reminder, alert.Key, alert.Kind, problem.Message, now);
            }
        }

        return problems;
    }

    private async Task<AlertSituation> ReadAsync(CancellationToken cancellationToken)
    {
        // Listed once: the report reads every manifest of the sets it is given.
        var sets = await stores.Local.ListSetsAsync(null, cancellationToken);
        var report = await status.ReportAsync(sets, cancellationToken);
        // Read by group, not from a window of the newest jobs: a daily tier's failure behind a busy tier's jobs is
        // still its tier's newest finished job, and still an alert.
        var failed = new List<Job>();
        foreach (var (kind, groupBy) in ProblemFinder.JobGroups)
        {
            failed.AddRange(await jobs.DiscardedLastInGroupAsync(kind, groupBy, cancellationToken));
        }

        var errors = await jobs.LastErrorsAsync([.. failed.Select(j => j.Id)], cancellationToken);
        var cron = await jobs.CronEntriesAsync(cancellationToken);
        return new AlertSituation(report, sets, failed, errors, cron, tiers, options.Alerts);
    }

    /// <summary>One delivery per configured channel, rendered now: what is queued is what every retry sends.</summary>
    private List<NewDelivery> Deliveries(string change, string key, string kind, string subject, string text, DateTimeOffset openedAt, DateTimeOffset now)
    {
        var message = AlertMessage.For(change, key, kind, subject, text, openedAt, now, _node);
        return [.. channels.All.Select(c => new NewDelivery(c.Name, change, c.Render(message)))];
    }

    private void Changed(string change, string key, string kind, string message, DateTimeOffset now)
    {
        switch (change)
        {
            case AlertChanges.Opened:
                logger.AlertOpened(key, kind, message);
                break;
            case AlertChanges.Resolved:
                logger.AlertResolved(key, kind, message);
                break;
            default:
                logger.AlertReminded(key, kind, message);
                break;
        }

        events.Publish(new AlertChanged(now, key, kind, change, message));
    }
}
