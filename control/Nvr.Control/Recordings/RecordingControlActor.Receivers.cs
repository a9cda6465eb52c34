using Akka.Actor;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Receiver objects (the configuration side of the ONVIF Receiver service).</summary>
public sealed partial class RecordingControlActor
{
    private readonly Dictionary<string, string> _receiverConnections = new(StringComparer.Ordinal);

    private void RegisterReceiverCommands()
    {
        Command<CreateReceiver>(c =>
        {
            if (_state.Receivers.Count >= _limits.MaxReceivers)
            {
                Reject(ControlFault.MaxReceivers, $"the device already has the maximum of {_limits.MaxReceivers} receivers");
                return;
            }

            var token = _state.NextReceiverToken;
            Commit(new ReceiverCreated(token, false, c.Configuration), () => Sender.Tell(new ReceiverCreatedReply(token)));
        });
        Command<DeleteReceiver>(c =>
        {
            if (!_state.Receivers.ContainsKey(c.ReceiverToken))
            {
                Reject(ControlFault.NoReceiver, $"receiver '{c.ReceiverToken}' does not exist");
            }
            else if (_state.IsReceiverUsed(c.ReceiverToken))
            {
                Reject(ControlFault.CannotDelete, $"receiver '{c.ReceiverToken}' is the source of a recording job");
            }
            else
            {
                Commit(new ReceiverDeleted(c.ReceiverToken), Done);
            }
        });
        Command<GetReceivers>(_ => Sender.Tell(new ReceiversReply(_state.Receivers.Values.ToList())));
        Command<GetReceiver>(c =>
        {
            if (_state.Receivers.TryGetValue(c.ReceiverToken, out var receiver))
            {
                Sender.Tell(new ReceiverReply(receiver));
            }
            else
            {
                Reject(ControlFault.NoReceiver, $"receiver '{c.ReceiverToken}' does not exist");
            }
        });
        Command<GetReceiverState>(c =>
        {
            if (_state.Receivers.TryGetValue(c.ReceiverToken, out var receiver))
            {
                Sender.Tell(new ReceiverStateReply(_receiverConnections.GetValueOrDefault(c.ReceiverToken, ReceiverStates.NotConnected), receiver.AutoCreated));
            }
            else
            {
                Reject(ControlFault.NoReceiver, $"receiver '{c.ReceiverToken}' does not exist");
            }
        });
        Command<ReceiverConnectionChanged>(c =>
        {
            if (_receiverConnections.GetValueOrDefault(c.ReceiverToken, ReceiverStates.NotConnected) != c.State)
            {
                Context.System.EventStream.Publish(new Events.ReceiverStateEvent(Now, c.ReceiverToken, c.State));
            }

            _receiverConnections[c.ReceiverToken] = c.State;
        });
        Command<ConfigureReceiver>(c =>
        {
            if (!_state.Receivers.ContainsKey(c.ReceiverToken))
            {
                Reject(ControlFault.NoReceiver, $"receiver '{c.ReceiverToken}' does not exist");
                return;
            }

            Commit(new ReceiverConfigured(c.ReceiverToken, c.Configuration), Done);
        });
    }
}
