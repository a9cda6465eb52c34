using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:GetTracksResponseItem.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class GetTracksResponseItem
{
    [XmlElement(Order = 0)] public string TrackToken { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public TrackConfiguration Configuration { get; set; } = new();
}
