using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The <c>hourglass serve</c> nodes of one round, on the lab's ledger. Each node is a real native process; a fault
/// kills them with SIGKILL, and the round ends with SIGTERM to those left, as systemd stops them.
/// </summary>
internal sealed class ServeNodes(Lab lab) : IDisposable
{
    private readonly List<NodeProcess> _nodes = [];
    private readonly HashSet<NodeProcess> _killed = [];

    public static ServeNodes Start(Lab lab, int count)
    {
        var nodes = new ServeNodes(lab);
        for (var i = 0; i < count; i++)
        {
            nodes.StartOne();
        }

        return nodes;
    }

    public NodeProcess StartOne()
    {
        var node = NodeProcess.Serve(lab.Workspace.Folder, lab.Environment);
        _nodes.Add(node);
        return node;
    }

    /// <summary>SIGKILL of the node a lease owner names (<c>host-pid-suffix</c>); false when no node of this round holds it.</summary>
    public bool KillOwner(string leaseOwner)
    {
        var pid = int.Parse(leaseOwner.Split('-')[^2], CultureInfo.InvariantCulture);
        var node = _nodes.FirstOrDefault(n => n.Pid == pid && !n.HasExited);
        if (node is null)
        {
            return false;
        }

        Kill(node);
        return true;
    }

    /// <summary>SIGKILL of one running node.</summary>
    public void Kill(NodeProcess node)
    {
        _killed.Add(node);
        node.KillHard();
    }

    /// <summary>Nodes that exited though no fault killed them: a daemon must outlive every fault the campaign injects.</summary>
    public IReadOnlyList<string> Crashed() =>
        [.. _nodes.Where(n => n.HasExited && !_killed.Contains(n)).Select(n => $"a serve node exited by itself ({n.ExitCode}): {Tail(n.Output)}")];

    /// <summary>SIGTERM to every node still running; the broken promises (a node that crashed, or would not stop).</summary>
    public async Task<IReadOnlyList<string>> StopAsync()
    {
        var violations = Crashed().ToList();
        foreach (var node in _nodes.Where(n => !n.HasExited))
        {
            try
            {
                await node.TerminateAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                violations.Add($"a serve node did not stop within 30 s of SIGTERM: {Tail(node.Output)}");
            }
        }

        return violations;
    }

    /// <summary>What every node wrote, for the log of a round that broke a promise.</summary>
    public string Output => string.Join("\n---\n", _nodes.Select(n => n.Output));

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private static string Tail(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(3));
}
