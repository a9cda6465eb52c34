using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetRecordingJobMode.</summary>
[MessageContract(WrapperName = "SetRecordingJobMode", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetRecordingJobModeRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string JobToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public string Mode { get; set; } = string.Empty;
}
