using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingSourceInformation.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingSourceInformation
{
    [XmlElement(Order = 0, DataType = "anyURI")] public string SourceId { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Name { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public string Location { get; set; } = string.Empty;
    [XmlElement(Order = 3)] public string Description { get; set; } = string.Empty;
    [XmlElement(Order = 4, DataType = "anyURI")] public string Address { get; set; } = string.Empty;
}
