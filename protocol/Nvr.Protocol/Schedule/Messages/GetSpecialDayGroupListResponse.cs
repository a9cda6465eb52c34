using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSpecialDayGroupListResponse.</summary>
[MessageContract(WrapperName = "GetSpecialDayGroupListResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSpecialDayGroupListResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string? NextStartReference { get; set; }
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 1)]
    [XmlElement("SpecialDayGroup")]
    public List<Schema.SpecialDayGroup> SpecialDayGroup { get; set; } = [];
}
