using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:DeleteSpecialDayGroup.</summary>
[MessageContract(WrapperName = "DeleteSpecialDayGroup", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class DeleteSpecialDayGroupRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string Token { get; set; } = string.Empty;
}
