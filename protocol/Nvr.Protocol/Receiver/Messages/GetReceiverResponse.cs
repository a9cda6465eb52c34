using System.ServiceModel;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetReceiverResponse.</summary>
[MessageContract(WrapperName = "GetReceiverResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetReceiverResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public Schema.Receiver Receiver { get; set; } = new();
}
