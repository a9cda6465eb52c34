using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:ScheduleInfo (pt:DataEntity token attribute).</summary>
[XmlType(Namespace = OnvifNamespaces.Schedule)]
public sealed class ScheduleInfo
{
    [XmlAttribute("token")] public string Token { get; set; } = string.Empty;
    [XmlElement(Order = 0)] public string Name { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? Description { get; set; }
}
