using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:RecordingConfiguration.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class RecordingConfiguration
{
    [XmlElement(Order = 0)] public RecordingSourceInformation Source { get; set; } = new();
    [XmlElement(Order = 1)] public string Content { get; set; } = string.Empty;
    [XmlElement(Order = 2)] public string MaximumRetentionTime { get; set; } = "PT0S";
    [XmlElement(Order = 3)] public RecordingTargetConfiguration? Target { get; set; }
}
