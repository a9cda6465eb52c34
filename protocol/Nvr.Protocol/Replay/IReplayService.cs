using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Replay;

/// <summary>The ONVIF Replay service contract (trp, replay.wsdl).</summary>
[ServiceContract(Namespace = OnvifNamespaces.Replay, Name = "ReplayPort")]
[XmlSerializerFormat(SupportFaults = true)]
public interface IReplayService
{
    [OperationContract(Action = OnvifNamespaces.Replay + "/GetServiceCapabilities", ReplyAction = "*")]
    Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request);

    [OperationContract(Action = OnvifNamespaces.Replay + "/GetReplayUri", ReplyAction = "*")]
    Task<GetReplayUriResponse> GetReplayUri(GetReplayUriRequest request);

    [OperationContract(Action = OnvifNamespaces.Replay + "/GetReplayConfiguration", ReplyAction = "*")]
    Task<GetReplayConfigurationResponse> GetReplayConfiguration(GetReplayConfigurationRequest request);

    [OperationContract(Action = OnvifNamespaces.Replay + "/SetReplayConfiguration", ReplyAction = "*")]
    Task<SetReplayConfigurationResponse> SetReplayConfiguration(SetReplayConfigurationRequest request);
}
