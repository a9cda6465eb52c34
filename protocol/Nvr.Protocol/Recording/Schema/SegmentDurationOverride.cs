using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>The SegmentDurationOverride element of tt:RecordingTargetConfiguration (anonymous type).</summary>
[XmlType(Namespace = OnvifNamespaces.Schema, AnonymousType = true)]
public sealed class SegmentDurationOverride
{
    [XmlElement(Order = 0)] public string Duration { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Expiration { get; set; } = string.Empty;
}
