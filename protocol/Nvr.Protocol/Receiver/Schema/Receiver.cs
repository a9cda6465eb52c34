using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Schema;

/// <summary>tt:Receiver.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class Receiver
{
    [XmlElement(Order = 0)] public string Token { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public ReceiverConfiguration Configuration { get; set; } = new();
}
