using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetRecordingJobConfiguration.</summary>
[MessageContract(WrapperName = "GetRecordingJobConfiguration", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetRecordingJobConfigurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string JobToken { get; set; } = string.Empty;
}
