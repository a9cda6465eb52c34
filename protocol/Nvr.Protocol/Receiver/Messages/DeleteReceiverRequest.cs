using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:DeleteReceiver.</summary>
[MessageContract(WrapperName = "DeleteReceiver", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class DeleteReceiverRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public string ReceiverToken { get; set; } = string.Empty;
}
