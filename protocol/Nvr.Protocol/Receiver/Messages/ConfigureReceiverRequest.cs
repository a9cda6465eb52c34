using System.ServiceModel;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Receiver.Messages;

/// <summary>trv:ConfigureReceiver.</summary>
[MessageContract(WrapperName = "ConfigureReceiver", WrapperNamespace = OnvifNamespaces.Receiver, IsWrapped = true)]
public sealed class ConfigureReceiverRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 0)]
    public string ReceiverToken { get; set; } = string.Empty;
    [MessageBodyMember(Namespace = OnvifNamespaces.Receiver, Order = 1)]
    public ReceiverConfiguration Configuration { get; set; } = new();
}
