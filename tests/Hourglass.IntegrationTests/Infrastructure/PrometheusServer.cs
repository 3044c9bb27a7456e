using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) of the test's own: a temporary config that scrapes one target every
/// second, a temporary data folder, a free loopback port; stopped and removed on dispose. Queries go through its
/// HTTP API, as Grafana's would.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Starts Prometheus scraping <paramref name="target"/> (<c>host:port</c>) at <c>/metrics</c> every second, and waits until it is ready.</summary>
    public static async Task<PrometheusServer> StartAsync(string target, CancellationToken cancellationToken)
    {
        var binary = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(p => Path.Combine(p, "prometheus")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("prometheus is not installed: apt-get install prometheus (or run ./test.sh, which does)");

        var folder = Directory.CreateTempSubdirectory("hourglass-prometheus-").FullName;
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(
            config,
            $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: hourglass
                metrics_path: /metrics
                static_configs:
                  - targets: ["{target}"]
            """,
            cancellationToken);
        var listen = $"127.0.0.1:{FreePort.Next()}";
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address={listen}", "--log.level=warn" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://{listen}/"));
        try
        {
            await Eventually.GetAsync(
                async () =>
                {
                    try
                    {
                        using var ready = await server._http.GetAsync("-/ready", cancellationToken);
                        return ready.IsSuccessStatusCode ? "ready" : null;
                    }
                    catch (HttpRequestException)
                    {
                        return process.HasExited ? throw new InvalidOperationException($"prometheus exited with {process.ExitCode}") : null;
                    }
                },
                TimeSpan.FromSeconds(60),
                $"Prometheus at {listen}");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>An instant PromQL query's single value, or null while it has no result.</summary>
    public async Task<double?> QueryAsync(string promQl, CancellationToken cancellationToken)
    {
        using var document = await QueryDocumentAsync(promQl, cancellationToken);
        var result = document.RootElement.GetProperty("data").GetProperty("result");
        return result.GetArrayLength() == 1
            ? double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>How many series an instant PromQL query returns; throws with Prometheus's error when the query is not valid.</summary>
    public async Task<int> SeriesAsync(string promQl, CancellationToken cancellationToken)
    {
        using var document = await QueryDocumentAsync(promQl, cancellationToken);
        return document.RootElement.GetProperty("data").GetProperty("result").GetArrayLength();
    }

    private async Task<JsonDocument> QueryDocumentAsync(string promQl, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"api/v1/query?query={Uri.EscapeDataString(promQl)}", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text)
            : throw new InvalidOperationException($"Prometheus refused {promQl}: {text}");
    }

    /// <summary>The scrape targets as Prometheus last saw them (health and last error), for a failing test's message.</summary>
    public async Task<string> TargetsAsync(CancellationToken cancellationToken) =>
        await _http.GetStringAsync("api/v1/targets", cancellationToken);

    public void Dispose()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Prometheus may still be closing its files: the OS temp cleaner gets them.
        }
    }
}
