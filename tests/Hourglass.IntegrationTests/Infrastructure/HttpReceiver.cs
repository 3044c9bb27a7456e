using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>
/// A real HTTP server on a free loopback port (a small Kestrel app) that records every request it gets (method, path,
/// headers, body) and answers as told: 200, 500, or never (it hangs until the client gives up). Stands in for a
/// webhook receiver, Slack and a healthchecks.io-style ping endpoint.
/// </summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Behaviour> _answers = new(StringComparer.Ordinal);

    private HttpReceiver(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>How the receiver answers.</summary>
    public enum Behaviour
    {
        /// <summary>200 OK.</summary>
        Ok,

        /// <summary>500 Internal Server Error.</summary>
        Fail,

        /// <summary>No answer until the client hangs up (or the receiver stops).</summary>
        Hang,
    }

    /// <summary><c>http://127.0.0.1:PORT</c>, no trailing slash.</summary>
    public Uri Address { get; }

    /// <summary>What it answers from now on, where <see cref="AnswerFor"/> says nothing else.</summary>
    public Behaviour Answer { get; set; }

    /// <summary>What it answers from now on to requests whose path starts with <paramref name="pathPrefix"/>.</summary>
    public void AnswerFor(string pathPrefix, Behaviour answer) => _answers[pathPrefix] = answer;

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    /// <summary>A URL on this receiver.</summary>
    public string Url(string path) => new Uri(Address, path).ToString();

    public static async Task<HttpReceiver> StartAsync(Behaviour answer = Behaviour.Ok)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new HttpReceiver(app, new Uri($"http://127.0.0.1:{port}")) { Answer = answer };
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        _requests.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body));
        var path = context.Request.Path.Value ?? "";
        switch (_answers.Where(a => path.StartsWith(a.Key, StringComparison.Ordinal)).Select(a => (Behaviour?)a.Value).FirstOrDefault() ?? Answer)
        {
            case Behaviour.Fail:
                context.Response.StatusCode = 500;
                break;
            case Behaviour.Hang:
                using (var both = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token))
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, both.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }

                break;
            default:
                context.Response.StatusCode = 200;
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}

/// <summary>One request a <see cref="HttpReceiver"/> got.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Headers">Its headers, names in lower case.</param>
/// <param name="Body">Its body as text.</param>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);
