using System.ServiceModel;
using Nvr.Protocol.Receiver.Messages;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver;

/// <summary>The ONVIF Receiver service contract (trv, receiver.wsdl): receivers are the RTSP sources of recording jobs.</summary>
[ServiceContract(Namespace = OnvifNamespaces.Receiver, Name = "ReceiverPort")]
[XmlSerializerFormat(SupportFaults = true)]
public interface IReceiverService
{
    [OperationContract(Action = OnvifNamespaces.Receiver + "/GetServiceCapabilities", ReplyAction = "*")]
    Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/GetReceivers", ReplyAction = "*")]
    Task<GetReceiversResponse> GetReceivers(GetReceiversRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/GetReceiver", ReplyAction = "*")]
    Task<GetReceiverResponse> GetReceiver(GetReceiverRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/CreateReceiver", ReplyAction = "*")]
    Task<CreateReceiverResponse> CreateReceiver(CreateReceiverRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/DeleteReceiver", ReplyAction = "*")]
    Task<DeleteReceiverResponse> DeleteReceiver(DeleteReceiverRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/ConfigureReceiver", ReplyAction = "*")]
    Task<ConfigureReceiverResponse> ConfigureReceiver(ConfigureReceiverRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/SetReceiverMode", ReplyAction = "*")]
    Task<SetReceiverModeResponse> SetReceiverMode(SetReceiverModeRequest request);

    [OperationContract(Action = OnvifNamespaces.Receiver + "/GetReceiverState", ReplyAction = "*")]
    Task<GetReceiverStateResponse> GetReceiverState(GetReceiverStateRequest request);
}
