using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:DeleteRecording.</summary>
[MessageContract(WrapperName = "DeleteRecording", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class DeleteRecordingRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string RecordingToken { get; set; } = string.Empty;
}
