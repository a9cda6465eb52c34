using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetScheduleInfo.</summary>
[MessageContract(WrapperName = "GetScheduleInfo", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetScheduleInfoRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("Token")]
    public List<string> Token { get; set; } = [];
}
