using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Schema;

/// <summary>trv:Capabilities of the receiver service.</summary>
[XmlType("Capabilities", Namespace = OnvifNamespaces.Receiver)]
public sealed class ReceiverServiceCapabilities
{
    [XmlAttribute] public bool RTP_Multicast { get; set; }
    [XmlAttribute] public bool RTP_TCP { get; set; }
    [XmlAttribute] public bool RTP_RTSP_TCP { get; set; }
    [XmlAttribute] public int SupportedReceivers { get; set; }
    [XmlAttribute] public int MaximumRTSPURILength { get; set; }
}
