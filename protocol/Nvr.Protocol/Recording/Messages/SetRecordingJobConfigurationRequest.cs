using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetRecordingJobConfiguration.</summary>
[MessageContract(WrapperName = "SetRecordingJobConfiguration", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetRecordingJobConfigurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string JobToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public RecordingJobConfiguration JobConfiguration { get; set; } = new();
}
