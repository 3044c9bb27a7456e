using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Hourglass.Web.Api;
using Hourglass.Web.Auth;
using Hourglass.Web.Dashboard;
using Hourglass.Web.Health;
using Hourglass.Web.Metrics;
using Hourglass.Web.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web;

/// <summary>
/// The web host's life: a Kestrel app of its own, built when the engine's host starts and stopped with it. Its
/// endpoints get the engine's services (the same ledger, stores and event stream), so the pages and the CLI read
/// one source of truth; the host itself never runs work, its actions enqueue jobs.
/// </summary>
internal sealed class WebHost(IServiceProvider engine, WebOptions options, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address Kestrel bound (with the real port when <c>web.listen</c> asked for port 0).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var endpoint = WebListen.TryParse(options.Listen)!; // validated with the config
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(WebHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(endpoint, listen => WebCertificate.Use(listen, options));
        });
        ShareEngine(builder.Services);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EngineSnapshot>();
        builder.Services.AddWebAuth(options);
        builder.Services.AddHealth();
        builder.Services.AddWebMetrics();
        builder.Services.AddWebApi();
        builder.Services.AddDashboard();

        var app = builder.Build();
        app.UseWebAuth();
        app.MapHealth();
        app.MapWebMetrics();
        app.MapWebApi();
        app.MapActions();
        app.MapDashboard();
        await app.StartAsync(cancellationToken);
        _app = app;
        Address = new Uri(app.Urls.First());
        loggerFactory.CreateLogger<WebHost>().WebListening(Address.ToString());
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The engine's singletons, handed to the web app's container as they are (not copies).</summary>
    private void ShareEngine(IServiceCollection services)
    {
        services.AddSingleton(engine.GetRequiredService<HourglassOptions>());
        services.AddSingleton(engine.GetRequiredService<TimeProvider>());
        services.AddSingleton(engine.GetRequiredService<EventStream>());
        services.AddSingleton(engine.GetRequiredService<IJobLedger>());
        services.AddSingleton(engine.GetRequiredService<IAlertLedger>());
        services.AddSingleton(engine.GetRequiredService<TierList>());
        services.AddSingleton(engine.GetRequiredService<TargetList>());
        services.AddSingleton(engine.GetRequiredService<SetStores>());
        services.AddSingleton(engine.GetRequiredService<JobFactory>());
        services.AddSingleton(engine.GetRequiredService<NodeIdentity>());
        services.AddSingleton(engine.GetRequiredService<StatusReporter>());
        services.AddSingleton(engine.GetRequiredService<ITokenLedger>());
        services.AddSingleton(engine.GetRequiredService<ManualJobs>());
        services.AddSingleton(new DaemonPresence(engine.GetService<SchedulerOptions>() is not null));
    }
}
