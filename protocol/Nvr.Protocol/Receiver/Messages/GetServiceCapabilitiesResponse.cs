using System.ServiceModel;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetServiceCapabilitiesResponse.</summary>
[MessageContract(WrapperName = "GetServiceCapabilitiesResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetServiceCapabilitiesResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public ReceiverServiceCapabilities Capabilities { get; set; } = new();
}
