using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:SetSpecialDayGroup.</summary>
[MessageContract(WrapperName = "SetSpecialDayGroup", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class SetSpecialDayGroupRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.SpecialDayGroup SpecialDayGroup { get; set; } = new();
}
