using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Schema;

/// <summary>tt:ReceiverConfiguration.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class ReceiverConfiguration
{
    [XmlElement(Order = 0)] public string Mode { get; set; } = string.Empty;
    [XmlElement(Order = 1, DataType = "anyURI")] public string MediaUri { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public StreamSetup StreamSetup { get; set; } = new();
}
