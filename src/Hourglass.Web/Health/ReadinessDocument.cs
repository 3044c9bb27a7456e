namespace Hourglass.Web.Health;

/// <summary><c>/readyz</c>'s one-line answer: ready with the node and its schedule, or not with the reason.</summary>
/// <param name="Ready">True when the node is ready.</param>
/// <param name="Node">This node's id (when ready).</param>
/// <param name="Schedule"><c>running</c>, or <c>not run by this process</c> in an app that embeds the engine without the daemon.</param>
/// <param name="Reason">Why it is not ready.</param>
internal sealed record ReadinessDocument(bool Ready, string? Node, string? Schedule, string? Reason)
{
    public static ReadinessDocument Passing(string node, string schedule) => new(true, node, schedule, null);

    public static ReadinessDocument Failing(string reason) => new(false, null, null, reason);
}
