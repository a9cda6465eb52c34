using System.ServiceModel;
using Nvr.Protocol.Recording.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Recording.Messages;

/// <summary>trc:SetRecordingJobConfigurationResponse.</summary>
[MessageContract(WrapperName = "SetRecordingJobConfigurationResponse", WrapperNamespace = OnvifNamespaces.Recording, IsWrapped = true)]
public sealed class SetRecordingJobConfigurationResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Recording, Order = 0)]
    public RecordingJobConfiguration JobConfiguration { get; set; } = new();
}
