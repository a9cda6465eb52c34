using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:DeleteReceiverResponse.</summary>
[MessageContract(WrapperName = "DeleteReceiverResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class DeleteReceiverResponse
{
}
