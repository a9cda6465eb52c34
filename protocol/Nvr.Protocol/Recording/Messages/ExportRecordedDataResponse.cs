using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:ExportRecordedDataResponse.</summary>
[MessageContract(WrapperName = "ExportRecordedDataResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class ExportRecordedDataResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public string OperationToken { get; set; } = string.Empty;

    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 1)]
    [XmlElement("FileNames")]
    public List<string> FileNames { get; set; } = [];
}
