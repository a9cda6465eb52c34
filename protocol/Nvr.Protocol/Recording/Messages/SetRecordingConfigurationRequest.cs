using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetRecordingConfiguration.</summary>
[MessageContract(WrapperName = "SetRecordingConfiguration", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetRecordingConfigurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public RecordingConfiguration RecordingConfiguration { get; set; } = new();
}
