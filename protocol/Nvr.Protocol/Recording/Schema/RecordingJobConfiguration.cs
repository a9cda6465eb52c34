using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobConfiguration.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobConfiguration
{
    [XmlElement(Order = 0)] public string RecordingToken { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Mode { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public int Priority { get; set; }
    [XmlElement("Source", Order = 3)] public List<RecordingJobSource> Source { get; set; } = [];
    [XmlElement(Order = 4)] public RecordingEventFilter? EventFilter { get; set; }
    [XmlAttribute] public string? ScheduleToken { get; set; }
}
