using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Nvr.Control;
using Nvr.Control.Notifications;

namespace Nvr.Protocol.Events;

/// <summary>
/// Base notification (WS-BaseNotification Notify): one delivery loop per push subscription takes the messages its
/// filter accepted from the broker and POSTs them as a SOAP 1.2 wsnt:Notify to the consumer. At most
/// <see cref="MaxConcurrentDeliveries"/> POSTs run at once; a POST that fails is retried
/// <see cref="Attempts"/> − 1 times with growing pauses; a consumer still failing is unsubscribed and counted (<see cref="NotificationBroker.DroppedConsumers"/>).
/// </summary>
public sealed class PushDelivery : IAsyncDisposable
{
    public const int Attempts = 3;
    public const int MaxConcurrentDeliveries = 4;
    public const string NotifyAction = "http://docs.oasis-open.org/wsn/bw-2/NotificationConsumer/Notify";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstRetryPause = TimeSpan.FromMilliseconds(500);

    private readonly NotificationBroker _broker;
    private readonly ILogger<PushDelivery> _logger;
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = RequestTimeout };
    private readonly SemaphoreSlim _deliveries = new(MaxConcurrentDeliveries);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private long _delivered;

    public PushDelivery(ControlPlane control, ILogger<PushDelivery> logger)
    {
        _broker = control.Notifications;
        _logger = logger;
    }

    /// <summary>Notify requests a consumer accepted.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public void Start(SubscriptionInfo subscription)
    {
        lock (_loops)
        {
            _loops.RemoveAll(t => t.IsCompleted);
            _loops.Add(Task.Run(() => DeliverAsync(subscription.Id, new Uri(subscription.Consumer!), _stopping.Token)));
        }
    }

    private async Task DeliverAsync(string id, Uri consumer, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var pulled = await _broker.PullAsync(id, TimeSpan.FromSeconds(30), 100, stopping);
                if (pulled.Outcome != PullOutcome.Messages)
                {
                    return;
                }

                if (pulled.Messages.Count == 0)
                {
                    continue;
                }

                var body = new XElement(EventXml.Wsnt + "Notify", NotificationMessageWriter.Write(pulled.Messages, _broker.Time.GetUtcNow()));
                if (!await SendWithRetriesAsync(consumer, EventServiceEndpoint.Envelope(body, null), stopping))
                {
                    _broker.DropConsumer(id);
                    _logger.LogWarning("consumer {Consumer} failed {Attempts} times: subscription {Id} dropped", consumer, Attempts, id);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> SendWithRetriesAsync(Uri consumer, string envelope, CancellationToken stopping)
    {
        var pause = FirstRetryPause;
        for (int attempt = 1; attempt <= Attempts; attempt++)
        {
            await _deliveries.WaitAsync(stopping);
            try
            {
                using var content = new StringContent(envelope, Encoding.UTF8);
                content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/soap+xml; charset=utf-8; action=\"{NotifyAction}\"");
                using var response = await _http.PostAsync(consumer, content, stopping);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
            {
                _logger.LogInformation("Notify to {Consumer} failed (attempt {Attempt}): {Message}", consumer, attempt, e.Message);
            }
            finally
            {
                _deliveries.Release();
            }

            if (attempt < Attempts)
            {
                await Task.Delay(pause, _broker.Time, stopping);
                pause *= 2;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops);
        _http.Dispose();
        _deliveries.Dispose();
        _stopping.Dispose();
    }
}
