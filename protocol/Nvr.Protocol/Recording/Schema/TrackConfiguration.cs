using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:TrackConfiguration.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class TrackConfiguration
{
    [XmlElement(Order = 0)] public string TrackType { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string Description { get; set; } = string.Empty;
}
