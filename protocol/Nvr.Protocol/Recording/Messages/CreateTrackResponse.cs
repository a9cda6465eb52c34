using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:CreateTrackResponse.</summary>
[MessageContract(WrapperName = "CreateTrackResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class CreateTrackResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string TrackToken { get; set; } = string.Empty;
}
