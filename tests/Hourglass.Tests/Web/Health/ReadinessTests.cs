using Hourglass.Ledger;
using Hourglass.Web.Health;

namespace Hourglass.Tests.Web.Health;

public sealed class ReadinessTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 25, 12, 0, 0, TimeSpan.Zero);

    private static NodeInfo Node(string id, TimeSpan heartbeatAge) => new(id, "host", Now.AddHours(-1), Now - heartbeatAge, null);

    [Fact]
    public void Decide_OwnHeartbeatRecent_ReadyAndRunning()
    {
        var answer = Readiness.Decide(Now, [Node("other", TimeSpan.FromHours(1)), Node("me", TimeSpan.FromSeconds(50))], "me");

        Assert.Equal(new ReadinessDocument(true, "me", "running", null), answer);
    }

    [Fact]
    public void Decide_OwnHeartbeatOlderThanTheNodeTimeout_NotReadySayingHowOld()
    {
        var answer = Readiness.Decide(Now, [Node("me", TimeSpan.FromMinutes(5))], "me");

        Assert.False(answer.Ready);
        Assert.Equal("node me's last heartbeat is 5m old (more than 2m): the schedule is stuck", answer.Reason);
    }

    [Fact]
    public void Decide_NoOwnHeartbeatYet_NotReady()
    {
        var answer = Readiness.Decide(Now, [Node("other", TimeSpan.Zero)], "me");

        Assert.False(answer.Ready);
        Assert.Contains("has no heartbeat in the ledger yet", answer.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_NoDaemonInThisProcess_ReadyWhenTheLedgerAnswers()
    {
        var answer = Readiness.Decide(Now, null, "me");

        Assert.Equal(new ReadinessDocument(true, "me", "not run by this process", null), answer);
    }
}
