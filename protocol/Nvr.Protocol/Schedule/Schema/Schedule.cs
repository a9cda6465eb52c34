using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:Schedule: ScheduleInfo plus the standard iCalendar and the special days.</summary>
[XmlType(Namespace = OnvifNamespaces.Schedule)]
public sealed class Schedule
{
    [XmlAttribute("token")] public string Token { get; set; } = string.Empty;
    [XmlElement(Order = 0)] public string Name { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? Description { get; set; }
    [XmlElement(Order = 2)] public string Standard { get; set; } = string.Empty;
    [XmlElement("SpecialDays", Order = 3)] public List<SpecialDaysSchedule> SpecialDays { get; set; } = [];
}
