using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetExportRecordedDataState.</summary>
[MessageContract(WrapperName = "GetExportRecordedDataState", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetExportRecordedDataStateRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string OperationToken { get; set; } = string.Empty;
}
