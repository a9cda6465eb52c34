using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetServiceCapabilities.</summary>
[MessageContract(WrapperName = "GetServiceCapabilities", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetServiceCapabilitiesRequest
{
}
