using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:SetReceiverModeResponse.</summary>
[MessageContract(WrapperName = "SetReceiverModeResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class SetReceiverModeResponse
{
}
