using Hourglass.Alerts;
using Hourglass.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hourglass.Hosting;

/// <summary>
/// The daemon's alerting: the channels (secrets read when the host starts, so a missing one stops it), the monitor
/// that opens and resolves alerts, the sender, the dead man's switch and the disk watch. Part of
/// <see cref="HourglassRegistration.AddHourglassDaemon"/>, so an embedding app alerts the same way.
/// </summary>
internal static class AlertRegistration
{
    public static IServiceCollection AddHourglassAlerts(this IServiceCollection services)
    {
        services.AddSingleton(provider => AlertChannels.Create(provider.GetRequiredService<HourglassOptions>().Alerts, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<AlertReconciler>();
        services.AddHostedService<AlertMonitor>();
        services.AddHostedService<AlertSender>();
        services.AddHostedService<DeadMansSwitch>();
        services.AddHostedService<DiskSpaceWatch>();
        return services;
    }
}
