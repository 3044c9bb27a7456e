namespace Hourglass.Web.Health;

/// <summary>Whether the process hosting the web host also runs the schedule and workers (<c>AddHourglassDaemon</c>).</summary>
/// <param name="Runs">True in <c>hourglass serve</c> and in apps that add the daemon.</param>
internal sealed record DaemonPresence(bool Runs);
