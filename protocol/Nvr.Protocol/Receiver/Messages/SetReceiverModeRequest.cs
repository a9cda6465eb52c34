using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:SetReceiverMode.</summary>
[MessageContract(WrapperName = "SetReceiverMode", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class SetReceiverModeRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public string ReceiverToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 1)]
    public string Mode { get; set; } = string.Empty;
}
