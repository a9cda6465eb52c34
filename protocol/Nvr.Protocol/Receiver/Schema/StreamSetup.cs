using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Schema;

/// <summary>tt:StreamSetup.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class StreamSetup
{
    [XmlElement(Order = 0)] public string Stream { get; set; } = "RTP-Unicast";
    [XmlElement(Order = 1)] public Transport Transport { get; set; } = new();
}
