using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSchedules.</summary>
[MessageContract(WrapperName = "GetSchedules", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSchedulesRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    [XmlElement("Token")]
    public List<string> Token { get; set; } = [];
}
