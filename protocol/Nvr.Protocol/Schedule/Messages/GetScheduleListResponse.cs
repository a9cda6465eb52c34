using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetScheduleListResponse.</summary>
[MessageContract(WrapperName = "GetScheduleListResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetScheduleListResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string? NextStartReference { get; set; }
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 1)]
    [XmlElement("Schedule")]
    public List<Schema.Schedule> Schedule { get; set; } = [];
}
