using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:CreateSchedule.</summary>
[MessageContract(WrapperName = "CreateSchedule", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class CreateScheduleRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.Schedule Schedule { get; set; } = new();
}
