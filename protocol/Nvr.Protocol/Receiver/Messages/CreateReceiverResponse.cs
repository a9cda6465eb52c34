using System.ServiceModel;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:CreateReceiverResponse.</summary>
[MessageContract(WrapperName = "CreateReceiverResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class CreateReceiverResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public Schema.Receiver Receiver { get; set; } = new();
}
