using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:SpecialDayGroup: the info plus the Days iCalendar.</summary>
[XmlType(Namespace = OnvifNamespaces.Schedule)]
public sealed class SpecialDayGroup
{
    [XmlAttribute("token")] public string Token { get; set; } = string.Empty;
    [XmlElement(Order = 0)] public string Name { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? Description { get; set; }
    [XmlElement(Order = 2)] public string? Days { get; set; }
}
