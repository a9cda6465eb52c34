using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Schema;

/// <summary>tsc:TimePeriod (xs:time values as text, e.g. 08:00:00).</summary>
[XmlType(Namespace = OnvifNamespaces.Schedule)]
public sealed class TimePeriod
{
    [XmlElement(Order = 0)] public string From { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? Until { get; set; }
}
