using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:DeleteTrack.</summary>
[MessageContract(WrapperName = "DeleteTrack", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class DeleteTrackRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public string TrackToken { get; set; } = string.Empty;
}
