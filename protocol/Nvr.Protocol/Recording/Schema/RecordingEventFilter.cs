using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingEventFilter.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingEventFilter
{
    [XmlElement("Filter", Order = 0)] public List<RecordingEventFilterEntry> Filter { get; set; } = [];
    [XmlElement(Order = 1)] public string? Before { get; set; }
    [XmlElement(Order = 2)] public string? After { get; set; }
}
