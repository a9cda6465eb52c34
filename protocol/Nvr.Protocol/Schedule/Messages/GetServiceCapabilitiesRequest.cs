using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetServiceCapabilities.</summary>
[MessageContract(WrapperName = "GetServiceCapabilities", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetServiceCapabilitiesRequest
{
}
