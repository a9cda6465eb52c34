using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:ServiceCapabilities: the limits the schedule service enforces and its features.</summary>
[XmlType("ServiceCapabilities", Namespace = OnvifNamespaces.Schedule)]
public sealed class ScheduleServiceCapabilities
{
    [XmlAttribute] public int MaxLimit { get; set; }
    [XmlAttribute] public int MaxSchedules { get; set; }
    [XmlAttribute] public int MaxTimePeriodsPerDay { get; set; }
    [XmlAttribute] public int MaxSpecialDayGroups { get; set; }
    [XmlAttribute] public int MaxDaysInSpecialDayGroup { get; set; }
    [XmlAttribute] public int MaxSpecialDaysSchedules { get; set; }
    [XmlAttribute] public bool ExtendedRecurrenceSupported { get; set; }
    [XmlAttribute] public bool SpecialDaysSupported { get; set; }
    [XmlAttribute] public bool StateReportingSupported { get; set; }
    [XmlAttribute] public bool ClientSuppliedTokenSupported { get; set; }
}
