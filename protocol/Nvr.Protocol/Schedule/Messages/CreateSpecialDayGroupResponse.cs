using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:CreateSpecialDayGroupResponse.</summary>
[MessageContract(WrapperName = "CreateSpecialDayGroupResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class CreateSpecialDayGroupResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string Token { get; set; } = string.Empty;
}
