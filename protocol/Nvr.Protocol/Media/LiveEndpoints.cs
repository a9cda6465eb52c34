using Nvr.Control;
using Nvr.Control.Engine;
using Nvr.Control.Recordings.Messages;
using Nvr.Recording.Engine;

namespace Nvr.Protocol.Media;

/// <summary>Where the live relay connects a receiver on demand: the receiver's configuration in the control plane.</summary>
public static class LiveEndpoints
{
    /// <summary>The endpoint of <paramref name="receiverToken"/>; null for an unknown receiver or one configured never to connect.</summary>
    public static async Task<ReceiverEndpoint?> OfAsync(ControlPlane control, string receiverToken, CancellationToken cancellationToken)
    {
        var receivers = await control.AskAsync<ReceiversReply>(GetReceivers.Instance, cancellationToken).ConfigureAwait(false);
        return receivers.Receivers.FirstOrDefault(r => r.Token == receiverToken) is { } receiver ? EngineTargetMapper.EndpointOf(receiver.Configuration) : null;
    }
}
