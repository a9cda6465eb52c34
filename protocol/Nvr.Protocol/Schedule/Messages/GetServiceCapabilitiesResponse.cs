using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetServiceCapabilitiesResponse.</summary>
[MessageContract(WrapperName = "GetServiceCapabilitiesResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetServiceCapabilitiesResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.ScheduleServiceCapabilities Capabilities { get; set; } = new();
}
