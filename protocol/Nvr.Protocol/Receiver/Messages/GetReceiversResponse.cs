using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetReceiversResponse.</summary>
[MessageContract(WrapperName = "GetReceiversResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetReceiversResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    [XmlElement("Receivers")]
    public List<Schema.Receiver> Receivers { get; set; } = [];
}
