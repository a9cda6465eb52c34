using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSchedulesResponse.</summary>
[MessageContract(WrapperName = "GetSchedulesResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSchedulesResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("Schedule")]
    public List<Schema.Schedule> Schedule { get; set; } = [];
}
