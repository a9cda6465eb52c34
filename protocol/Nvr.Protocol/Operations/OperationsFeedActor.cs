using Akka.Actor;
using Nvr.Control.Events;

namespace Nvr.Protocol.Operations;

/// <summary>
/// Subscribes to the control plane's internal event stream and hands segment, job-state and receiver-state events
/// to the operations surface (metrics, the console's live stream). The handlers are thread-safe and never block.
/// </summary>
public sealed class OperationsFeedActor : ReceiveActor
{
    public OperationsFeedActor(IReadOnlyList<Action<object>> handlers)
    {
        ReceiveAny(message =>
        {
            foreach (var handler in handlers)
            {
                handler(message);
            }
        });
    }

    public static Props Props(IReadOnlyList<Action<object>> handlers) => Akka.Actor.Props.Create(() => new OperationsFeedActor(handlers));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(SegmentRecordedEvent));
        Context.System.EventStream.Subscribe(Self, typeof(RecordingJobStateEvent));
        Context.System.EventStream.Subscribe(Self, typeof(ReceiverStateEvent));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
