using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:CreateSpecialDayGroup.</summary>
[MessageContract(WrapperName = "CreateSpecialDayGroup", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class CreateSpecialDayGroupRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public Schema.SpecialDayGroup SpecialDayGroup { get; set; } = new();
}
