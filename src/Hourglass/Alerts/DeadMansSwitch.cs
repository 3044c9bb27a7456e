using System.Collections.Concurrent;
using System.Threading.Channels;
using Hourglass.Events;
using Hourglass.Ledger;
using Hourglass.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// A dead man's switch, healthchecks.io style (<c>alerts.ping</c>): <c>{url}/start</c> when a tier's backup job
/// starts, <c>{url}</c> when its set is complete, <c>{url}/fail</c> when the set is partial or the job failed (the
/// signal goes into the URL's path, before any query). Every tier pings the one URL. An
/// outside monitor that hears nothing knows the node is down, which no alert from inside it can say. Pings are
/// queued by the event subscriber and sent in order on their own loop, retried a few times; nothing waits for them.
/// </summary>
internal sealed class DeadMansSwitch : BackgroundService
{
    /// <summary>Tries per ping.</summary>
    private const int MaxAttempts = 4;

    private readonly AlertChannels _channels;
    private readonly TimeProvider _time;
    private readonly ILogger<DeadMansSwitch> _logger;
    private readonly Channel<(string Signal, string Body)> _pings = Channel.CreateUnbounded<(string, string)>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Tiers whose current run already sent its outcome (a partial set's fail), so the job's failure that follows is not a second one.</summary>
    private readonly ConcurrentDictionary<string, bool> _reported = new(StringComparer.Ordinal);
    private readonly IDisposable? _subscription;

    public DeadMansSwitch(AlertChannels channels, EventStream events, TimeProvider time, ILogger<DeadMansSwitch> logger)
    {
        _channels = channels;
        _time = time;
        _logger = logger;
        _subscription = channels.Secrets.PingUrl is null ? null : events.Subscribe(Observe);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
    }

    /// <summary>The signal for an event, if it is one: <c>start</c>, <c>success</c> or <c>fail</c>.</summary>
    private void Observe(HourglassEvent e)
    {
        switch (e)
        {
            case JobStarted { Kind: JobKind.Backup, Tier: { } tier } started:
                _reported.TryRemove(tier, out _);
                Queue("/start", $"tier {tier}: backup job {started.JobId} started on {started.Node}");
                break;
            case SetCommitted committed:
                _reported[committed.Manifest.Tier] = true;
                Queue(
                    committed.Manifest.Status == SetStatus.Complete ? "" : "/fail",
                    $"set {committed.Manifest.Id} is {committed.Manifest.Status.ToString().ToLowerInvariant()}");
                break;
            case JobRetried { Kind: JobKind.Backup, Tier: { } tier } retried when _reported.TryAdd(tier, true):
                Queue("/fail", $"tier {tier}: backup job {retried.JobId} failed: {retried.Error}");
                break;
            case JobDiscarded { Kind: JobKind.Backup, Tier: { } tier } discarded when _reported.TryAdd(tier, true):
                Queue("/fail", $"tier {tier}: backup job {discarded.JobId} failed for good: {discarded.Error}");
                break;
        }
    }

    private void Queue(string signal, string body) => _pings.Writer.TryWrite((signal, body));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_channels.Secrets.PingUrl is not { } url)
        {
            return;
        }

        try
        {
            await foreach (var (signal, body) in _pings.Reader.ReadAllAsync(stoppingToken))
            {
                await PingAsync(SignalUrl(url, signal), signal.Length == 0 ? "/success" : signal, body, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// The check URL with <paramref name="signal"/> (<c>/start</c>, <c>/fail</c> or nothing) added to its path, so a
    /// query string (a token, say) stays a query string: <c>https://hc.example/ping/abc?k=1</c> becomes
    /// <c>https://hc.example/ping/abc/fail?k=1</c>.
    /// </summary>
    internal static string SignalUrl(string url, string signal)
    {
        if (signal.Length == 0)
        {
            return url;
        }

        var builder = new UriBuilder(url);
        builder.Path = builder.Path.TrimEnd('/') + signal;
        return builder.Uri.AbsoluteUri;
    }

    private async Task PingAsync(string url, string signal, string body, CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await _channels.Http.PostAsync(url, body, "text/plain", [], stoppingToken);
                _logger.Pinged(signal);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Anything but shutdown is one failed try: an exception out of here would stop the host, and every backup.
                _logger.PingFailed(signal, attempt, MaxAttempts, _channels.Reason(e));
                if (attempt < MaxAttempts)
                {
                    await Waits.DelayAsync(DeliveryBackoff.Delay(attempt, Random.Shared.NextDouble(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)), _time, stoppingToken);
                }
            }
        }
    }
}
