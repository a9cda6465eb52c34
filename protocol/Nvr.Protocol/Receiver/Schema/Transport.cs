using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Schema;

/// <summary>tt:Transport (the optional Tunnel is not supported and not written).</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class Transport
{
    [XmlElement(Order = 0)] public string Protocol { get; set; } = "RTSP";
}
