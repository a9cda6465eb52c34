using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetExportRecordedDataStateResponse.</summary>
[MessageContract(WrapperName = "GetExportRecordedDataStateResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetExportRecordedDataStateResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public float Progress { get; set; }

    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    public ArrayOfFileProgress FileProgressStatus { get; set; } = new();
}
