using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Schema;

/// <summary>tt:ReceiverStateInformation.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class ReceiverStateInformation
{
    [XmlElement(Order = 0)] public string State { get; set; } = "NotConnected";
    [XmlElement(Order = 1)] public bool AutoCreated { get; set; }
}
