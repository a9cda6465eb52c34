using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// A WS-BaseNotification consumer: a real Kestrel server on a free 127.0.0.1 port that records every Notify POST
/// (any path, so several subscriptions can be told apart) and answers 200, 500, or holds the request until released.
/// Received envelopes are added to the capture so they are schema-validated with the responses.
/// </summary>
public sealed class NotificationConsumer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EnvelopeCapture _capture;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;

    private NotificationConsumer(WebApplication app, EnvelopeCapture capture)
    {
        _app = app;
        _capture = capture;
    }

    public enum Behaviour
    {
        Accept,
        Fail,
        Hold,
    }

    public Behaviour Mode { get; set; } = Behaviour.Accept;

    public string BaseUrl { get; private set; } = string.Empty;

    public IReadOnlyList<Received> Requests => [.. _received];

    public int InFlight => Volatile.Read(ref _inFlight);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<NotificationConsumer> StartAsync(EnvelopeCapture capture)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var consumer = new NotificationConsumer(app, capture);
        app.MapPost("/{**path}", consumer.HandleAsync);
        await app.StartAsync();
        consumer.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return consumer;
    }

    public string Url(string path) => BaseUrl.TrimEnd('/') + "/" + path;

    /// <summary>Lets every held request answer 200 (and later ones too, when the mode is switched to Accept).</summary>
    public void Release()
    {
        Mode = Behaviour.Accept;
        _release.TrySetResult();
    }

    /// <summary>Waits (deadline) until a Notify on <paramref name="path"/> carries a message satisfying <paramref name="match"/>.</summary>
    public async Task<XElement> WaitForAsync(string path, Func<XElement, bool> match, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Messages(path).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no matching Notify on /{path}; got {Requests.Count} requests");
            await Task.Delay(50);
        }
    }

    /// <summary>The wsnt:NotificationMessage elements of every Notify received on <paramref name="path"/>, in order.</summary>
    public IEnumerable<XElement> Messages(string path) => Requests
        .Where(r => r.Path == "/" + path && r.Notify is not null)
        .SelectMany(r => r.Notify!.Elements(EventWire.WsntNs + "NotificationMessage"));

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        _capture.Add(bytes);
        var envelope = XDocument.Parse(System.Text.Encoding.UTF8.GetString(bytes));
        XNamespace env = "http://www.w3.org/2003/05/soap-envelope";
        var notify = envelope.Root?.Element(env + "Body")?.Element(EventWire.WsntNs + "Notify");
        _received.Enqueue(new Received(context.Request.Path.Value ?? "/", context.Request.ContentType ?? string.Empty, envelope.Root!.Name, notify));

        int now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        try
        {
            if (Mode == Behaviour.Hold)
            {
                await _release.Task.WaitAsync(context.RequestAborted);
            }

            context.Response.StatusCode = Mode == Behaviour.Fail ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Path, string ContentType, XName Root, XElement? Notify);
}
