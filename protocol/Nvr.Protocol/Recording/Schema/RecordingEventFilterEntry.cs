using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>The Filter element of tt:RecordingEventFilter (anonymous type).</summary>
[XmlType(Namespace = OnvifNamespaces.Schema, AnonymousType = true)]
public sealed class RecordingEventFilterEntry
{
    [XmlElement(Order = 0)] public string Topic { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public string? Source { get; set; }
}
