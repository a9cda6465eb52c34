using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Schema;

/// <summary>tt:GetRecordingJobsResponseItem.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class GetRecordingJobsResponseItem
{
    [XmlElement(Order = 0)] public string JobToken { get; set; } = string.Empty;
    [XmlElement(Order = 1)] public RecordingJobConfiguration JobConfiguration { get; set; } = new();
}
