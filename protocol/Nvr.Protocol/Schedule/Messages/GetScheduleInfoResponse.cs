using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetScheduleInfoResponse.</summary>
[MessageContract(WrapperName = "GetScheduleInfoResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetScheduleInfoResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("ScheduleInfo")]
    public List<Schema.ScheduleInfo> ScheduleInfo { get; set; } = [];
}
