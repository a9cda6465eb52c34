using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:OverrideSegmentDuration.</summary>
[MessageContract(WrapperName = "OverrideSegmentDuration", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class OverrideSegmentDurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string TargetSegmentDuration { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public string Expiration { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 2)]
    public string RecordingConfiguration { get; set; } = string.Empty;
}
