using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Ledger;
using Hourglass.Restores;
using Hourglass.Retention;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Hourglass;

/// <summary>
/// Hosts the engine in any .NET Generic Host app: the same scheduler, workers and ledger as <c>hourglass serve</c>,
/// as a hosted service, the way an app hosts Oban.
/// </summary>
public static class HourglassRegistration
{
    /// <summary>
    /// Adds Hourglass configured from <paramref name="configuration"/> (the keys of hourglass.json; for example
    /// <c>builder.Configuration.GetSection("Hourglass")</c>). The config is validated here, so a bad one stops the app
    /// before it starts. Relative paths are relative to <paramref name="baseDirectory"/> (default: the working folder).
    /// </summary>
    public static IServiceCollection AddHourglass(this IServiceCollection services, IConfiguration configuration, string? baseDirectory = null) =>
        services.AddHourglass(ConfigLoader.Bind(configuration, baseDirectory ?? Environment.CurrentDirectory));

    /// <summary>Adds Hourglass with already validated options (what <c>hourglass serve</c> does).</summary>
    public static IServiceCollection AddHourglass(this IServiceCollection services, HourglassOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(new SchedulerOptions
        {
            Workers = options.Workers,
            Lease = options.Lease,
            // Rescue at least twice per lease, so a dead node's job waits little longer than its lease.
            HousekeepingInterval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(15).Ticks, options.Lease.Ticks / 2)),
        });
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton(_ => JobLedgerFactory.Create(options));
        services.AddSingleton(provider => new BackupStore(options.BackupRoot, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new Pruner(provider.GetRequiredService<BackupStore>(), CronTier.From(options), provider.GetRequiredService<ILogger<Pruner>>()));
        services.AddSingleton<BackupRunner>();
        services.AddSingleton<RestoreRunner>();
        services.AddSingleton<Verification.SetVerifier>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<CronTicker>();
        services.AddTransient<Worker>();
        services.AddSingleton<Func<Worker>>(provider => provider.GetRequiredService<Worker>);
        services.AddHostedService<HourglassDaemon>();
        return services;
    }
}
