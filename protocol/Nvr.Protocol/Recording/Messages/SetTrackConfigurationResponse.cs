using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetTrackConfigurationResponse.</summary>
[MessageContract(WrapperName = "SetTrackConfigurationResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetTrackConfigurationResponse
{
}
