using System.ServiceModel;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:CreateReceiver.</summary>
[MessageContract(WrapperName = "CreateReceiver", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class CreateReceiverRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public ReceiverConfiguration Configuration { get; set; } = new();
}
