using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:ModifySchedule.</summary>
[MessageContract(WrapperName = "ModifySchedule", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class ModifyScheduleRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.Schedule Schedule { get; set; } = new();
}
