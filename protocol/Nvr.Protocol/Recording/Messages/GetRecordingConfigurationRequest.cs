using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetRecordingConfiguration.</summary>
[MessageContract(WrapperName = "GetRecordingConfiguration", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetRecordingConfigurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
}
