using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetReceiverState.</summary>
[MessageContract(WrapperName = "GetReceiverState", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetReceiverStateRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public string ReceiverToken { get; set; } = string.Empty;
}
