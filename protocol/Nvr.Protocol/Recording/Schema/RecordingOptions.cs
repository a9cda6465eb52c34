using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>trc:RecordingOptions.</summary>
[XmlType(Namespace = OnvifNamespaces.Recording)]
public sealed class RecordingOptions
{
    [XmlElement(Order = 0)] public JobOptions Job { get; set; } = new();
    [XmlElement(Order = 1)] public TrackOptions Track { get; set; } = new();
}
