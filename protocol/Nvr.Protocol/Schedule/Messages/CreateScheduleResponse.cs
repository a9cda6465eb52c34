using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:CreateScheduleResponse.</summary>
[MessageContract(WrapperName = "CreateScheduleResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class CreateScheduleResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string Token { get; set; } = string.Empty;
}
