using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:SetSchedule.</summary>
[MessageContract(WrapperName = "SetSchedule", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class SetScheduleRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.Schedule Schedule { get; set; } = new();
}
