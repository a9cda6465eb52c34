using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetTrackConfiguration.</summary>
[MessageContract(WrapperName = "GetTrackConfiguration", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetTrackConfigurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public string TrackToken { get; set; } = string.Empty;
}
