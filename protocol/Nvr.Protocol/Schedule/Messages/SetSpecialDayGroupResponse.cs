using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:SetSpecialDayGroupResponse.</summary>
[MessageContract(WrapperName = "SetSpecialDayGroupResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class SetSpecialDayGroupResponse
{
}
