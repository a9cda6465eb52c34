using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:DeleteSchedule.</summary>
[MessageContract(WrapperName = "DeleteSchedule", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class DeleteScheduleRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string Token { get; set; } = string.Empty;
}
