using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingEncryption. <see cref="Key"/> is accepted in requests and never written in responses.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingEncryption
{
    [XmlElement(Order = 0)] public string KID { get; set; } = string.Empty;
    [XmlElement(Order = 1, DataType = "hexBinary")] public byte[]? Key { get; set; }
    [XmlElement("Track", Order = 2)] public List<string> Track { get; set; } = [];
    [XmlAttribute] public string Mode { get; set; } = string.Empty;
}
