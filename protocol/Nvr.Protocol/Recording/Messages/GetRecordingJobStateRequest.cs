using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetRecordingJobState.</summary>
[MessageContract(WrapperName = "GetRecordingJobState", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetRecordingJobStateRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string JobToken { get; set; } = string.Empty;
}
