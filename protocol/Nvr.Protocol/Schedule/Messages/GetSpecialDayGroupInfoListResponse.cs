using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSpecialDayGroupInfoListResponse.</summary>
[MessageContract(WrapperName = "GetSpecialDayGroupInfoListResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSpecialDayGroupInfoListResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string? NextStartReference { get; set; }
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 1)]
    [XmlElement("SpecialDayGroupInfo")]
    public List<Schema.SpecialDayGroupInfo> SpecialDayGroupInfo { get; set; } = [];
}
