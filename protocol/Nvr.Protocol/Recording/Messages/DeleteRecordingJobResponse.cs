using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:DeleteRecordingJobResponse.</summary>
[MessageContract(WrapperName = "DeleteRecordingJobResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class DeleteRecordingJobResponse
{
}
