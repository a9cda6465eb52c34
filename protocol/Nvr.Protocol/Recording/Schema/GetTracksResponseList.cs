using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:GetTracksResponseList.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class GetTracksResponseList
{
    [XmlElement("Track", Order = 0)] public List<GetTracksResponseItem> Track { get; set; } = [];
}
