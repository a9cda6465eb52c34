using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetExportRecordedDataStateResponse.</summary>
[MessageContract(WrapperName = "GetExportRecordedDataStateResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetExportRecordedDataStateResponse
{
}
