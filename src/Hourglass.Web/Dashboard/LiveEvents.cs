using System.Threading.Channels;
using Hourglass.Events;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Hourglass.Web.Dashboard;

/// <summary>
/// <c>GET /api/v1/events</c>: the engine's events as server-sent events, one <c>data: {"type", "at"}</c> line each,
/// for the dashboard to fetch its content again (and for any script that wants to follow along). Only the event's
/// type and time are sent, never its fields, so nothing an event carries (an error text, a path) leaks through here.
/// The stream subscriber only queues (the engine's publishing thread must not wait on a slow client); a client that
/// falls behind loses the oldest events, which costs nothing since any one event means "look again".
/// </summary>
internal static class LiveEvents
{
    /// <summary>How often a comment line is sent when nothing happens, so proxies keep the connection and dead clients are noticed.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/events", StreamAsync);
        return app;
    }

    private static async Task StreamAsync(HttpContext context, EventStream events, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = stop.Token;
        var queue = Channel.CreateBounded<HourglassEvent>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        using var subscription = events.Subscribe(e => queue.Writer.TryWrite(e));

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass each event on at once
        try
        {
            await response.WriteAsync(": connected\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
            Task<bool>? next = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                next ??= queue.Reader.WaitToReadAsync(cancellationToken).AsTask();
                var beat = Task.Delay(Heartbeat, time, cancellationToken);
                if (await Task.WhenAny(next, beat) == beat)
                {
                    await response.WriteAsync(": ping\n\n", cancellationToken);
                }
                else
                {
                    next = null;
                    while (queue.Reader.TryRead(out var @event))
                    {
                        await response.WriteAsync($"data: {{\"type\":\"{@event.GetType().Name}\",\"at\":\"{Format.Iso(@event.At)}\"}}\n\n", cancellationToken);
                    }
                }

                await response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or the host is stopping: either way the stream simply ends.
        }
    }
}
