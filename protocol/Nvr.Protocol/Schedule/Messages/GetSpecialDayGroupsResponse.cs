using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSpecialDayGroupsResponse.</summary>
[MessageContract(WrapperName = "GetSpecialDayGroupsResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSpecialDayGroupsResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("SpecialDayGroup")]
    public List<Schema.SpecialDayGroup> SpecialDayGroup { get; set; } = [];
}
