using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:ScheduleState.</summary>
[XmlType(Namespace = OnvifNamespaces.Schedule)]
public sealed class ScheduleState
{
    [XmlElement(Order = 0)] public bool Active { get; set; }
    [XmlElement(Order = 1)] public bool SpecialDay { get; set; }
}
