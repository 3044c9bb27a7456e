using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Health;

/// <summary>
/// Whether this node is ready (<c>/readyz</c>): the ledger answers within <see cref="Timeout"/>, and, when this
/// process runs the schedule (<c>hourglass serve</c>, or an app with <c>AddHourglass</c>), its own heartbeat in the
/// ledger is younger than <see cref="StatusReporter.NodeTimeout"/>, the rule <c>status</c> uses for a live node. The
/// daemon writes its first heartbeat once the ledger is migrated, so a node is not ready before it schedules. An app
/// that embeds the engine without the daemon (<c>AddHourglassCore</c>) runs no schedule: there, ready means the
/// ledger answers. The endpoint is anonymous, so a ledger's own error (which names hosts, users and files) goes to
/// the node's log, and the answer says only <see cref="LedgerFailed"/>.
/// </summary>
internal sealed class Readiness(IJobLedger ledger, NodeIdentity node, TimeProvider time, DaemonPresence daemon, ILogger<Readiness> logger)
{
    /// <summary>The reason given when the ledger answered with an error.</summary>
    public const string LedgerFailed = "the ledger did not answer: see the node's log";

    /// <summary>How long the ledger may take to answer before the node counts as not ready.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<ReadinessDocument> CheckAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            // WaitAsync, not only the token: opening a connection to an unreachable server may not watch it.
            var now = await ledger.NowAsync(deadline.Token).WaitAsync(Timeout, time, cancellationToken);
            var nodes = daemon.Runs ? await ledger.NodesAsync(deadline.Token).WaitAsync(Timeout, time, cancellationToken) : null;
            return Decide(now, nodes, node.Id);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return ReadinessDocument.Failing($"the ledger did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or HourglassException)
        {
            logger.ReadinessLedgerFailed(e.Message);
            return ReadinessDocument.Failing(LedgerFailed);
        }
    }

    /// <summary>
    /// Ready when <paramref name="nodes"/> is null (no schedule in this process) or holds <paramref name="nodeId"/>
    /// with a heartbeat younger than <see cref="StatusReporter.NodeTimeout"/> at <paramref name="ledgerNow"/>.
    /// </summary>
    public static ReadinessDocument Decide(DateTimeOffset ledgerNow, IReadOnlyList<NodeInfo>? nodes, string nodeId)
    {
        if (nodes is null)
        {
            return ReadinessDocument.Passing(nodeId, "not run by this process");
        }

        if (nodes.FirstOrDefault(n => n.Id == nodeId) is not { } self)
        {
            return ReadinessDocument.Failing($"node {nodeId} has no heartbeat in the ledger yet: the schedule is not running");
        }

        var age = ledgerNow - self.HeartbeatAt;
        return age < StatusReporter.NodeTimeout
            ? ReadinessDocument.Passing(nodeId, "running")
            : ReadinessDocument.Failing($"node {nodeId}'s last heartbeat is {StatusReporter.Age(age)} old (more than {StatusReporter.Age(StatusReporter.NodeTimeout)}): the schedule is stuck");
    }
}
