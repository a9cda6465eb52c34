using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetServiceCapabilities.</summary>
[MessageContract(WrapperName = "GetServiceCapabilities", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetServiceCapabilitiesRequest
{
}
