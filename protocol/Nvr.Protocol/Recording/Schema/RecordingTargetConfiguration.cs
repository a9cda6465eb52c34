using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingTargetConfiguration (seed 5.3.1 Target).</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingTargetConfiguration
{
    [XmlElement(Order = 0)] public string Storage { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Format { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public string? Prefix { get; set; }
    [XmlElement(Order = 3)] public string? Postfix { get; set; }
    [XmlElement(Order = 4)] public string? SpanDuration { get; set; }
    [XmlElement(Order = 5)] public string SegmentDuration { get; set; } = string.Empty;
    [XmlElement("Encryption", Order = 6)] public List<RecordingEncryption> Encryption { get; set; } = [];
    [XmlElement(Order = 7)] public SegmentDurationOverride? SegmentDurationOverride { get; set; }
}
