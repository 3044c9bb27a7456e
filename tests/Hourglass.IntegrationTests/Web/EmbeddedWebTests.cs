using System.Net;
using Hourglass.Hosting;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hourglass.IntegrationTests.Web;

/// <summary>An app that embeds the engine gets the web host with one call, configured by the same section.</summary>
public sealed class EmbeddedWebTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddHourglassWeb_InAnEmbeddingApp_ServesHealthAndStatusFromTheAppsOwnEngine()
    {
        var database = await cluster.CreateDatabaseAsync("embedded_web", SampleSchemas.Rows(10), Ct);
        using var workspace = new Workspace(cluster, database);
        var listen = WebNode.Listen();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hourglass:databases:0"] = database,
            ["Hourglass:connection:host"] = cluster.Host,
            ["Hourglass:connection:port"] = cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hourglass:backupRoot"] = workspace.Root,
            ["Hourglass:tiers:daily:cron"] = "0 1 1 1 *",
            ["Hourglass:tiers:daily:keep"] = "3",
            ["Hourglass:web:listen"] = listen,
        }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHourglass(configuration.GetSection("Hourglass"), workspace.Folder).AddHourglassWeb();
        using var host = builder.Build();
        await host.StartAsync(Ct);
        using var http = new HttpClient { BaseAddress = new Uri($"http://{listen}/") };

        using var health = await http.GetAsync("healthz", Ct);
        var status = await http.GetStringAsync("api/v1/status", Ct);
        await host.StopAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(status);
        Assert.Equal(database, json.RootElement.GetProperty("databases")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void AddHourglassWeb_WithoutAWebSection_FailsAtStartWithOneLine()
    {
        using var workspace = new Workspace(cluster, "app");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Hourglass:databases:0"] = "app", ["Hourglass:backupRoot"] = workspace.Root }).Build();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddHourglass(configuration.GetSection("Hourglass"), workspace.Folder).AddHourglassWeb();
        using var host = builder.Build();

        var error = Assert.Throws<HourglassException>(() => host.Services.GetRequiredService<Hourglass.Configuration.WebOptions>());

        Assert.Contains("AddHourglassWeb was called but the config has no 'web' section", error.Message, StringComparison.Ordinal);
    }
}
