using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:CreateRecording.</summary>
[MessageContract(WrapperName = "CreateRecording", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class CreateRecordingRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public RecordingConfiguration RecordingConfiguration { get; set; } = new();
}
