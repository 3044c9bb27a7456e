using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Restores;
using Hourglass.Retention;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Hourglass.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hourglass.Hosting;

/// <summary>
/// Hosts the engine in any .NET Generic Host app, the way an app hosts Oban. <see cref="AddHourglassCore"/> gives the
/// engine alone (backups, restores, verification, retention, status, the ledger) for an app that runs them itself;
/// <see cref="AddHourglassDaemon"/> adds what <c>hourglass serve</c> runs (the schedule and the workers) as a
/// hosted service; <see cref="AddHourglass(IServiceCollection, HourglassOptions)"/> is both. The <c>hourglass</c>
/// command resolves its parts from the same registrations.
/// </summary>
public static class HourglassRegistration
{
    /// <summary>
    /// Adds Hourglass (engine and daemon) configured from <paramref name="configuration"/> (the keys of
    /// hourglass.json; for example <c>builder.Configuration.GetSection("Hourglass")</c>). The config is validated
    /// here, so a bad one stops the app before it starts. Relative paths are relative to
    /// <paramref name="baseDirectory"/> (default: the working folder).
    /// </summary>
    public static IServiceCollection AddHourglass(this IServiceCollection services, IConfiguration configuration, string? baseDirectory = null) =>
        services.AddHourglass(ConfigLoader.Bind(configuration, baseDirectory ?? Environment.CurrentDirectory));

    /// <summary>Adds the engine and the daemon with already validated options (what <c>hourglass serve</c> does).</summary>
    public static IServiceCollection AddHourglass(this IServiceCollection services, HourglassOptions options) =>
        services.AddHourglassCore(options).AddHourglassDaemon();

    /// <summary>
    /// Adds the engine without the daemon: options, tiers, the set store, the ledger, the runners, status and
    /// doctor. Nothing runs until the app calls it.
    /// </summary>
    public static IServiceCollection AddHourglassCore(this IServiceCollection services, HourglassOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<EventStream>();
        var tiers = TierList.From(options);
        services.AddSingleton(tiers);
        services.AddSingleton(provider => TargetList.From(options, tiers, provider.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton(_ => new SetKeys(options.Encryption));
        services.AddSingleton<SetStores>();
        services.AddSingleton<SetCopier>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton(_ => JobLedgerFactory.Create(options));
        services.AddSingleton(provider => (IAlertLedger)provider.GetRequiredService<IJobLedger>());
        services.AddSingleton(provider => (ITokenLedger)provider.GetRequiredService<IJobLedger>());
        services.AddSingleton<JobFactory>();
        services.AddSingleton<ISetStore>(provider => provider.GetRequiredService<SetStores>().Local);
        services.AddSingleton<Pruner>();
        services.AddSingleton<BackupRunner>();
        services.AddSingleton<RestoreRunner>();
        services.AddSingleton<DumpContentsReader>();
        services.AddSingleton<SetVerifier>();
        services.AddSingleton<StatusReporter>();
        services.AddSingleton<Doctor>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<ManualJobs>();
        return services;
    }

    /// <summary>Adds the schedule, the workers and alerting as hosted services. Needs <see cref="AddHourglassCore"/>.</summary>
    public static IServiceCollection AddHourglassDaemon(this IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<HourglassOptions>();
            return new SchedulerOptions
            {
                Workers = options.Workers,
                Lease = options.Lease,
                // Rescue at least twice per lease, so a dead node's job waits little longer than its lease.
                HousekeepingInterval = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(15).Ticks, options.Lease.Ticks / 2)),
            };
        });
        services.AddSingleton<CronTicker>();
        services.AddSingleton<CopyScheduler>();
        services.AddTransient<Worker>();
        services.AddSingleton<Func<Worker>>(provider => provider.GetRequiredService<Worker>);
        services.AddHostedService<HourglassDaemon>();
        services.AddHourglassAlerts();
        return services;
    }
}
