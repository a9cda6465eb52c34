using System.ServiceModel;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetReceiverStateResponse.</summary>
[MessageContract(WrapperName = "GetReceiverStateResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetReceiverStateResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public ReceiverStateInformation ReceiverState { get; set; } = new();
}
