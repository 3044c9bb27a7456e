using Hourglass.Web.State;
using Microsoft.AspNetCore.Http;

namespace Hourglass.Web.Dashboard;

/// <summary><c>/nodes</c>: every running <c>hourglass serve</c> (or embedding app) by its heartbeats, and what each is running.</summary>
internal static class NodesPage
{
    public static async Task<IResult> RenderAsync(HttpContext context, EngineSnapshot snapshot)
    {
        var report = (await snapshot.CurrentAsync(context.RequestAborted)).Status;
        var rows = report.Nodes.Select(n => Html.Of($"""
            <tr data-node="{n.Id}"><td class="mono">{n.Id}</td><td>{n.Host}</td><td>{Widgets.Badge(n.Alive ? "ok" : "bad", n.Alive ? "alive" : "silent")}</td>
            <td>{Widgets.Ago(n.HeartbeatAt, report.Now)}</td><td>{Widgets.Ago(n.StartedAt, report.Now)}</td><td>{n.Running ?? "idle"}</td></tr>
            """)).ToList();
        return Layout.Page(context, "/nodes", "Nodes", Html.Of($"""
            <section>{Widgets.Table(["Node", "Host", "State", "Last heartbeat", "Started", "Running"], rows, "No node has sent a heartbeat: start `hourglass serve`.", id: "nodes")}</section>
            """));
    }
}
