using Akka.Actor;

namespace Nvr.Control.Cluster;

/// <summary>
/// A node-local stand-in for one actor of the control singleton: every message goes to the singleton proxy in a
/// <see cref="ControlEnvelope"/>, with its sender kept, so an Ask from this node is answered by the singleton
/// wherever it runs (the proxy buffers while the singleton moves).
/// </summary>
public sealed class ControlPartProxy : ReceiveActor
{
    public ControlPartProxy(string part, IActorRef singleton) =>
        ReceiveAny(m => singleton.Forward(new ControlEnvelope(part, m)));

    public static Props Props(string part, IActorRef singleton) => Akka.Actor.Props.Create(() => new ControlPartProxy(part, singleton));
}
