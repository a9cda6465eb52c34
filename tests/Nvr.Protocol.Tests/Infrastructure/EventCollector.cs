using System.Collections.Concurrent;
using Akka.Actor;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Collects events of the appliance's actor system event stream for the test to await.</summary>
public sealed class EventCollector<T> : IDisposable
    where T : class
{
    private readonly BlockingCollection<T> _events = [];
    private readonly ActorSystem _system;
    private readonly IActorRef _listener;

    public EventCollector(ActorSystem system)
    {
        _system = system;
        _listener = system.ActorOf(Props.Create(() => new Listener(_events)));
        system.EventStream.Subscribe(_listener, typeof(T));
    }

    /// <summary>Awaits the next event that satisfies <paramref name="match"/> (others are skipped).</summary>
    public T Next(Func<T, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && _events.TryTake(out var e, deadline - DateTime.UtcNow))
        {
            if (match(e))
            {
                return e;
            }
        }

        throw new Xunit.Sdk.XunitException($"no matching {typeof(T).Name} within {timeout}");
    }

    /// <summary>The events received and not yet taken, without waiting.</summary>
    public IReadOnlyList<T> Drain()
    {
        var drained = new List<T>();
        while (_events.TryTake(out var e))
        {
            drained.Add(e);
        }

        return drained;
    }

    public void Dispose()
    {
        _system.EventStream.Unsubscribe(_listener);
        _system.Stop(_listener);
        _events.Dispose();
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(BlockingCollection<T> sink) => Receive<T>(sink.Add);
    }
}
