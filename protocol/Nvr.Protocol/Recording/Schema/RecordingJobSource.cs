using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobSource.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobSource
{
    [XmlElement(Order = 0)] public SourceReference? SourceToken { get; set; }
    [XmlElement(Order = 1)] public bool AutoCreateReceiver { get; set; }
    [XmlIgnore] public bool AutoCreateReceiverSpecified { get; set; }
    [XmlElement("Tracks", Order = 2)] public List<RecordingJobTrack> Tracks { get; set; } = [];
}
