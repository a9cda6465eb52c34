using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:CreateRecordingResponse.</summary>
[MessageContract(WrapperName = "CreateRecordingResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class CreateRecordingResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
}
