using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:OverrideSegmentDurationResponse.</summary>
[MessageContract(WrapperName = "OverrideSegmentDurationResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class OverrideSegmentDurationResponse
{
}
