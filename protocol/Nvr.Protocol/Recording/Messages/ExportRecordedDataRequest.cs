using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:ExportRecordedData.</summary>
[MessageContract(WrapperName = "ExportRecordedData", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class ExportRecordedDataRequest
{
}
