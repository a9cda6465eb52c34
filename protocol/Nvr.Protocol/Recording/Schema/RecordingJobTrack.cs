using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobTrack.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobTrack
{
    [XmlElement(Order = 0)] public string SourceTag { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Destination { get; set; } = string.Empty;
}
