using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:ConfigureReceiverResponse.</summary>
[MessageContract(WrapperName = "ConfigureReceiverResponse", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class ConfigureReceiverResponse
{
}
