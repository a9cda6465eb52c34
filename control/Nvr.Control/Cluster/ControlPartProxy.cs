using Akka.Actor;

namespace Nvr.Control.Cluster;

/// <summary>
/// A node-local stand-in for one actor of the control singleton: every message goes to the singleton proxy in a
/// <see cref="ControlEnvelope"/> (the proxy buffers while the singleton moves). A message with a sender (an Ask)
/// gets a <see cref="ReplyRelay"/> here that hands the singleton's <see cref="ControlReply"/> to it unwrapped, so an
/// Ask from this node is answered by the singleton wherever it runs.
/// </summary>
public sealed class ControlPartProxy : ReceiveActor
{
    public ControlPartProxy(string part, IActorRef singleton) =>
        ReceiveAny(m =>
        {
            if (Sender.IsNobody() || Sender.Equals(Context.System.DeadLetters))
            {
                singleton.Tell(new ControlEnvelope(part, m, Reply: false), ActorRefs.NoSender);
            }
            else
            {
                singleton.Tell(new ControlEnvelope(part, m, Reply: true), Context.ActorOf(ReplyRelay.Unwrapping(Sender)));
            }
        });

    public static Props Props(string part, IActorRef singleton) => Akka.Actor.Props.Create(() => new ControlPartProxy(part, singleton));
}

/// <summary>
/// One reply in flight between nodes: on the singleton's side it wraps the first message it gets into a
/// <see cref="ControlReply"/> for the asking node; on the asking side it unwraps that for the asker. Either stops
/// after one message, or after <see cref="Lifetime"/> without one (a command that is never answered).
/// </summary>
public sealed class ReplyRelay : ReceiveActor
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    public ReplyRelay(IActorRef target, bool wrap)
    {
        Receive<ReceiveTimeout>(_ => Context.Stop(Self));
        ReceiveAny(m =>
        {
            target.Tell(wrap ? new ControlReply(m) : m is ControlReply reply ? reply.Message : m, ActorRefs.NoSender);
            Context.Stop(Self);
        });
    }

    public static Props Wrapping(IActorRef asker) => Akka.Actor.Props.Create(() => new ReplyRelay(asker, true));

    public static Props Unwrapping(IActorRef asker) => Akka.Actor.Props.Create(() => new ReplyRelay(asker, false));

    protected override void PreStart() => Context.SetReceiveTimeout(Lifetime);
}
