using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetServiceCapabilitiesResponse.</summary>
[MessageContract(WrapperName = "GetServiceCapabilitiesResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetServiceCapabilitiesResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public RecordingServiceCapabilities Capabilities { get; set; } = new();
}
