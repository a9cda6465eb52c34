using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:SourceReference; Type defaults to the receiver type.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class SourceReference
{
    public const string ReceiverType = "http://www.onvif.org/ver10/schema/Receiver";

    [XmlElement(Order = 0)] public string Token { get; set; } = string.Empty;
    [XmlAttribute(DataType = "anyURI")] public string? Type { get; set; }
}
