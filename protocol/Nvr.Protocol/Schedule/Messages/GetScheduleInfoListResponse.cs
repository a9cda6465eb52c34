using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetScheduleInfoListResponse.</summary>
[MessageContract(WrapperName = "GetScheduleInfoListResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetScheduleInfoListResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string? NextStartReference { get; set; }
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 1)]
    [XmlElement("ScheduleInfo")]
    public List<Schema.ScheduleInfo> ScheduleInfo { get; set; } = [];
}
