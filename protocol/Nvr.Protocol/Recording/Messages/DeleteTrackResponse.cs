using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:DeleteTrackResponse.</summary>
[MessageContract(WrapperName = "DeleteTrackResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class DeleteTrackResponse
{
}
