using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:ModifySpecialDayGroupResponse.</summary>
[MessageContract(WrapperName = "ModifySpecialDayGroupResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class ModifySpecialDayGroupResponse
{
}
