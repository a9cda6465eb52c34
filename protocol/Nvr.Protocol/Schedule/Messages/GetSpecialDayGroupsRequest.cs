using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSpecialDayGroups.</summary>
[MessageContract(WrapperName = "GetSpecialDayGroups", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSpecialDayGroupsRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("Token")]
    public List<string> Token { get; set; } = [];
}
