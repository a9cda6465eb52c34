using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobStateSource.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobStateSource
{
    [XmlElement(Order = 0)] public SourceReference SourceToken { get; set; } = new();
    [XmlElement(Order = 1)] public string State { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public RecordingJobStateTracks Tracks { get; set; } = new();
}
