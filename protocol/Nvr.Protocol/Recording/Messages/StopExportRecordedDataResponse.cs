using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:StopExportRecordedDataResponse.</summary>
[MessageContract(WrapperName = "StopExportRecordedDataResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class StopExportRecordedDataResponse
{
}
