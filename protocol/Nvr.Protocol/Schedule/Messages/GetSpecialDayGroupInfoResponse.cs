using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSpecialDayGroupInfoResponse.</summary>
[MessageContract(WrapperName = "GetSpecialDayGroupInfoResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSpecialDayGroupInfoResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("SpecialDayGroupInfo")]
    public List<Schema.SpecialDayGroupInfo> SpecialDayGroupInfo { get; set; } = [];
}
