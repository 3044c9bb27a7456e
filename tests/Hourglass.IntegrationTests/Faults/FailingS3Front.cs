using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// A front for the S3 server that the lab's target points at: it passes bytes both ways while all is well, and for a
/// while answers every request itself with an S3 error (<c>503 SlowDown</c> or <c>500 InternalError</c>), as a live
/// but failing server does. Connections open when the errors start are cut, so a client's next request meets them.
/// </summary>
internal sealed class FailingS3Front : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile string? _error;

    public FailingS3Front(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    /// <summary>What the target's <c>endpoint</c> names.</summary>
    public string Endpoint { get; }

    /// <summary>How many requests it answered with an error.</summary>
    public int Answered { get; private set; }

    /// <summary>Answers every request with <paramref name="status"/> for <paramref name="duration"/>, then passes them on again.</summary>
    public void FailFor(TimeSpan duration, bool slowDown)
    {
        _error = slowDown
            ? Response(503, "Slow Down", "SlowDown", "Please reduce your request rate.")
            : Response(500, "Internal Server Error", "InternalError", "We encountered an internal error. Please try again.");
        lock (_open)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }

        _ = Task.Delay(duration, TimeProvider.System, _stopping.Token).ContinueWith(_ => _error = null, TaskScheduler.Default);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
        }

        _stopping.Dispose();
    }

    private static string Response(int status, string reason, string code, string message)
    {
        var body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>fault</RequestId></Error>";
        return $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            _ = _error is { } error ? AnswerAsync(client, error) : PassAsync(client);
        }
    }

    /// <summary>Reads the request's head and answers the error; the body, if any, is left unread as the connection closes.</summary>
    private async Task AnswerAsync(TcpClient client, string error)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, _stopping.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                await stream.WriteAsync(Encoding.UTF8.GetBytes(error), _stopping.Token);
                Answered++;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private async Task PassAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stopping.Token);
            var down = client.GetStream();
            var up = upstream.GetStream();
            await Task.WhenAny(down.CopyToAsync(up, _stopping.Token), up.CopyToAsync(down, _stopping.Token));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }

            client.Dispose();
        }
    }
}
