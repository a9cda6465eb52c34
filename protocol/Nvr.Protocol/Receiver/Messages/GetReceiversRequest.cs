using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:GetReceivers.</summary>
[MessageContract(WrapperName = "GetReceivers", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class GetReceiversRequest
{
}
