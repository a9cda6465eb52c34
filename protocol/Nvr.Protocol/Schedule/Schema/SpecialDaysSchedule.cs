using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:SpecialDaysSchedule.</summary>
[XmlType(Namespace = OnvifNamespaces.Schedule)]
public sealed class SpecialDaysSchedule
{
    [XmlElement(Order = 0)] public string GroupToken { get; set; } = string.Empty;
    [XmlElement("TimeRange", Order = 1)] public List<TimePeriod> TimeRange { get; set; } = [];
}
