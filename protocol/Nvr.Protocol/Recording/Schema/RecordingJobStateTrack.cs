using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobStateTrack.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobStateTrack
{
    [XmlElement(Order = 0)] public string SourceTag { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Destination { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public string? Error { get; set; }
    [XmlElement(Order = 3)] public string State { get; set; } = string.Empty;
}
