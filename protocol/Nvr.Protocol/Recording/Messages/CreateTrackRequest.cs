using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:CreateTrack.</summary>
[MessageContract(WrapperName = "CreateTrack", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class CreateTrackRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public TrackConfiguration TrackConfiguration { get; set; } = new();
}
