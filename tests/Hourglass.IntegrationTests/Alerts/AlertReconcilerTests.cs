using Hourglass.Alerts;
using Hourglass.Hosting;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.IntegrationTests.Ledger;
using Hourglass.Ledger;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary>One evaluation of the alerts, in an embedding app's engine (not started), over a real SQLite ledger.</summary>
public sealed class AlertReconcilerTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reconcile_ADailyTiersFailedBackupBehindSixtyJobsOfABusyTier_StaysAnAlert()
    {
        using var workspace = new Workspace(cluster, "app");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hourglass:databases:0"] = "app",
            ["Hourglass:backupRoot"] = workspace.Root,
            ["Hourglass:tiers:daily:cron"] = "0 1 * * *",
            ["Hourglass:tiers:daily:keep"] = "7",
            ["Hourglass:tiers:busy:cron"] = "* * * * *",
            ["Hourglass:tiers:busy:keep"] = "3",
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHourglass(configuration.GetSection("Hourglass"), workspace.Folder);
        using var host = builder.Build();
        var ledger = host.Services.GetRequiredService<IJobLedger>();
        await ledger.MigrateAsync(Ct);

        await FinishedJobs.FinishAsync(ledger, new NewJob(JobKind.Backup, """{"tier":"daily"}"""), succeed: false, Ct, "pg_dump: could not connect to the server");
        for (var i = 0; i < 60; i++)
        {
            await FinishedJobs.FinishAsync(ledger, new NewJob(JobKind.Backup, """{"tier":"busy"}"""), succeed: true, Ct);
        }

        var problems = await host.Services.GetRequiredService<AlertReconciler>().ReconcileAsync(Ct);

        Assert.Equal([$"{AlertKinds.BackupFailed}:daily"], problems.Where(p => p.Kind == AlertKinds.BackupFailed).Select(p => p.Key));
        var alert = Assert.Single(await host.Services.GetRequiredService<IAlertLedger>().AlertsAsync(openOnly: true, limit: 10, Ct), a => a.Kind == AlertKinds.BackupFailed);
        Assert.Contains("pg_dump: could not connect", alert.Message, StringComparison.Ordinal);
    }
}
