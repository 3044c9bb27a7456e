namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>hourglass serve</c> with its web host on a free loopback port, started in a workspace whose
/// hourglass.json the test wrote (this adds nothing to it: the config must have <c>web.listen</c> = <see cref="Listen"/>).
/// Ready once <c>/healthz</c> answers.
/// </summary>
public sealed class WebNode : IDisposable
{
    private WebNode(NodeProcess process, Uri address)
    {
        Process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public NodeProcess Process { get; }

    /// <summary>The web host's base address, <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Address { get; }

    /// <summary>A client with no credentials, based at <see cref="Address"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>A free loopback listen address to put in <c>web.listen</c> before <see cref="StartAsync"/>.</summary>
    public static string Listen() => $"127.0.0.1:{FreePort.Next()}";

    /// <summary>Starts <c>hourglass serve</c> in <paramref name="folder"/> and waits for <c>/healthz</c> at <paramref name="listen"/>.</summary>
    public static async Task<WebNode> StartAsync(string folder, string listen, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var process = NodeProcess.Serve(folder, environment);
        var node = new WebNode(process, new Uri($"http://{listen}/"));
        try
        {
            await Eventually.GetAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"serve exited with {process.ExitCode}:\n{process.Output}");
                    }

                    try
                    {
                        using var response = await node.Http.GetAsync("healthz", cancellationToken);
                        return response.IsSuccessStatusCode ? response : null;
                    }
                    catch (HttpRequestException)
                    {
                        return null;
                    }
                },
                TimeSpan.FromSeconds(60),
                $"the web host at {listen}",
                () => process.Output);
            return node;
        }
        catch
        {
            node.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Http.Dispose();
        Process.Dispose();
    }
}
