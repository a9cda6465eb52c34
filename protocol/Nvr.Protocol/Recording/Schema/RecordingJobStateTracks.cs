using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobStateTracks.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobStateTracks
{
    [XmlElement("Track", Order = 0)] public List<RecordingJobStateTrack> Track { get; set; } = [];
}
