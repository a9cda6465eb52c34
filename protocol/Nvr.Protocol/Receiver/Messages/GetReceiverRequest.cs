using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetReceiver.</summary>
[MessageContract(WrapperName = "GetReceiver", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetReceiverRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public string ReceiverToken { get; set; } = string.Empty;
}
