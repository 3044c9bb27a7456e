using System.Net.Http.Headers;
using System.Text;

namespace Hourglass.Alerts;

/// <summary>
/// The one HTTP POST the webhook, Slack and the dead man's switch make: at most <see cref="Timeout"/> (a hanging
/// receiver costs the sender loop that long and no more), a non-2xx answer is a failure, and every reason is redacted.
/// </summary>
internal sealed class AlertHttp(AlertSecrets secrets, TimeProvider time) : IDisposable
{
    /// <summary>How long one send may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public async Task PostAsync(string url, string body, string mediaType, IReadOnlyList<(string Name, string Value)> headers, CancellationToken cancellationToken)
    {
        using var timer = new CancellationTokenSource(Timeout, time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(mediaType)) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new AlertSendException($"answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AlertSendException($"no answer within {Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            throw new AlertSendException(secrets.Redact(e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message));
        }
    }

    public void Dispose() => _client.Dispose();
}
