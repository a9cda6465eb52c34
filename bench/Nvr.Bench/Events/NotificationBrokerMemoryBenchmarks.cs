using BenchmarkDotNet.Attributes;
using Nvr.Control.Events;
using Nvr.Control.Notifications;

namespace Nvr.Bench.Events;

/// <summary>
/// Memory bound of the event service (issue 12 item 6): 10^5 events published to 100 subscriptions that never pull.
/// Each subscription's queue is bounded (NotificationLimits.QueueCapacity, oldest dropped and counted), so the
/// memory the broker retains after publishing must not grow with the number of events. BenchmarkDotNet's
/// MemoryDiagnoser reports what publishing allocates; the retained heap (GC.GetTotalMemory after a full collection,
/// broker alive) is printed per iteration as "retained". Not a speed benchmark: run on a shared machine.
/// Run: <c>dotnet run -c Release --project bench/Nvr.Bench -- --filter '*NotificationBrokerMemory*' --inProcess --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class NotificationBrokerMemoryBenchmarks
{
    private const int Subscriptions = 100;
    private NotificationBroker? _broker;
    private OnvifEvent[] _events = [];
    private long _baseline;

    [Params(1_000, 100_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Distinct tokens, as a busy appliance would publish; created once, outside the measurement.
        var start = DateTimeOffset.UnixEpoch;
        _events = Enumerable.Range(0, Events).Select(i => (OnvifEvent)new CreateRecordingEvent(start.AddMilliseconds(i), $"REC{i:D6}")).ToArray();
    }

    [IterationSetup]
    public void CreateIdleSubscriptions()
    {
        _broker = new NotificationBroker(NotificationLimits.Default with { MaxPullPoints = Subscriptions }, TimeProvider.System);
        for (int i = 0; i < Subscriptions; i++)
        {
            _broker.Subscribe(SubscriptionKind.PullPoint, NotificationFilter.All, DateTimeOffset.UtcNow.AddHours(1));
        }

        _baseline = GC.GetTotalMemory(forceFullCollection: true);
    }

    [Benchmark]
    public long PublishToIdleSubscriptions()
    {
        foreach (var e in _events)
        {
            _broker!.Publish(e);
        }

        return _broker!.DroppedMessages;
    }

    [IterationCleanup]
    public void ReportRetained()
    {
        long retained = GC.GetTotalMemory(forceFullCollection: true) - _baseline;
        var queued = _broker!.Snapshot().Sum(s => s.Queued);
        Console.WriteLine($"// retained after {Events} events x {Subscriptions} idle subscriptions: {retained / 1024.0:F0} KiB, queued {queued}, dropped {_broker.DroppedMessages}");
        _broker.Dispose();
        _broker = null;
    }
}
