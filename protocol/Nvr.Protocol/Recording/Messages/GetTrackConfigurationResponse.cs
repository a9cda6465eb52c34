using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetTrackConfigurationResponse.</summary>
[MessageContract(WrapperName = "GetTrackConfigurationResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetTrackConfigurationResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public TrackConfiguration TrackConfiguration { get; set; } = new();
}
