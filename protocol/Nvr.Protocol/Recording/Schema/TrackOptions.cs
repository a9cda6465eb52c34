using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>trc:TrackOptions.</summary>
[XmlType(Namespace = OnvifNamespaces.Recording)]
public sealed class TrackOptions
{
    [XmlAttribute] public int SpareTotal { get; set; }
    [XmlAttribute] public int SpareVideo { get; set; }
    [XmlAttribute] public int SpareAudio { get; set; }
    [XmlAttribute] public int SpareMetadata { get; set; }
}
