using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetRecordingsResponse.</summary>
[MessageContract(WrapperName = "GetRecordingsResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetRecordingsResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    [XmlElement("RecordingItem")]
    public List<GetRecordingsResponseItem> RecordingItem { get; set; } = [];
}
