using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Nvr.Pipeline.Ingest;

namespace Nvr.Control.Cluster;

/// <summary>
/// <c>/user/writer-lease</c> on every node: renews this node's <see cref="WriterLease"/> by the rules of
/// <see cref="WriterLeaseRenewer"/> (a round trip to a majority every renew interval, revoked after a frozen gap) and
/// answers the other nodes' round trips — only while it sees the asking node Up and reachable, and is Up itself, so a
/// node the others are about to down (or downed and removed: quarantined, no answer at all) gets no evidence.
/// </summary>
public sealed class WriterLeaseActor : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly WriterLeaseRenewer? _renewer;
    private readonly TimeSpan _interval;
    private bool _held;

    public WriterLeaseActor(WriterLease? lease, TimeSpan interval)
    {
        _interval = interval;
        _renewer = lease is null ? null : new WriterLeaseRenewer(lease);
        Receive<Tick>(_ => OnTick());
        Receive<LeasePing>(ping =>
        {
            if (MayVouchFor(Sender.Path.Address))
            {
                Sender.Tell(new LeasePong(ping.Round));
            }
        });
        Receive<LeasePong>(pong =>
        {
            if (_renewer?.Answered(pong.Round, Sender.Path.Address.ToString(), View()) == true)
            {
                Report();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WriterLease? lease, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new WriterLeaseActor(lease, interval));

    protected override void PreStart()
    {
        if (_renewer is not null)
        {
            Self.Tell(Tick.Instance);
            Timers.StartPeriodicTimer("tick", Tick.Instance, _interval);
        }
    }

    private static bool Counts(MemberStatus status) => status is MemberStatus.Up or MemberStatus.Leaving;

    private void OnTick()
    {
        var view = View();
        var tick = _renewer!.Tick(view);
        if (tick.Frozen is { } gap)
        {
            _log.Warning("cluster: writer lease revoked: {0} s passed between two ticks (this process was frozen); recording waits for a fresh round trip to a majority", Seconds(gap));
        }

        if (tick.Round is { } round)
        {
            foreach (var member in tick.Ask)
            {
                Context.ActorSelection($"{member}/user/writer-lease").Tell(new LeasePing(round));
            }
        }

        Report();
    }

    /// <summary>Logs the lease's changes (held / not held), checked at every tick and renewal.</summary>
    private void Report()
    {
        var held = _renewer!.Lease.IsHeld;
        if (held != _held)
        {
            _held = held;
            if (held)
            {
                _log.Info("cluster: writer lease held (a majority answered); this node may record");
            }
            else
            {
                _log.Warning("cluster: writer lease not held (no round trip to a majority within {0} s); this node records nothing", Seconds(_renewer.Lease.Duration));
            }
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture);

    private bool MayVouchFor(Address asking)
    {
        if (!Counts(_cluster.SelfMember.Status))
        {
            return false;
        }

        var state = _cluster.State;
        return state.Members.Any(m => m.Address.Equals(asking) && Counts(m.Status)) && !state.Unreachable.Any(m => m.Address.Equals(asking));
    }

    private LeaseView View()
    {
        var state = _cluster.State;
        var members = state.Members.Where(m => Counts(m.Status)).Select(m => m.Address.ToString()).ToList(); // sorted by address
        var unreachable = state.Unreachable.Select(m => m.Address.ToString()).ToHashSet(StringComparer.Ordinal);
        return new LeaseView(_cluster.SelfAddress.ToString(), Counts(_cluster.SelfMember.Status), members, unreachable);
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
