using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:GetRecordingJobsResponse.</summary>
[MessageContract(WrapperName = "GetRecordingJobsResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class GetRecordingJobsResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    [XmlElement("JobItem")]
    public List<GetRecordingJobsResponseItem> JobItem { get; set; } = [];
}
