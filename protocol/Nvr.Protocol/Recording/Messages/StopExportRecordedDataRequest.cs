using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:StopExportRecordedData.</summary>
[MessageContract(WrapperName = "StopExportRecordedData", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class StopExportRecordedDataRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string OperationToken { get; set; } = string.Empty;
}
