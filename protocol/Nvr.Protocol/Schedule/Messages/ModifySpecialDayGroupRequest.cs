using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:ModifySpecialDayGroup.</summary>
[MessageContract(WrapperName = "ModifySpecialDayGroup", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class ModifySpecialDayGroupRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.SpecialDayGroup SpecialDayGroup { get; set; } = new();
}
