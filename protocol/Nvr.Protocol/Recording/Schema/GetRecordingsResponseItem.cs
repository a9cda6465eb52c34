using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:GetRecordingsResponseItem.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class GetRecordingsResponseItem
{
    [XmlElement(Order = 0)] public string RecordingToken { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public RecordingConfiguration Configuration { get; set; } = new();
    [XmlElement(Order = 2)] public GetTracksResponseList Tracks { get; set; } = new();
}
