using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:DeleteRecordingJob.</summary>
[MessageContract(WrapperName = "DeleteRecordingJob", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class DeleteRecordingJobRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string JobToken { get; set; } = string.Empty;
}
