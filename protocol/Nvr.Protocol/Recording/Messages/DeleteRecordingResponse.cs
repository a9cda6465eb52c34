using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:DeleteRecordingResponse.</summary>
[MessageContract(WrapperName = "DeleteRecordingResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class DeleteRecordingResponse
{
}
