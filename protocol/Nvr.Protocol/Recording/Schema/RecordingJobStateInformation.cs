using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingJobStateInformation.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingJobStateInformation
{
    [XmlElement(Order = 0)] public string RecordingToken { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string State { get; set; } = string.Empty;
    [XmlElement("Sources", Order = 2)] public List<RecordingJobStateSource> Sources { get; set; } = [];
}
