using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:SetScheduleResponse.</summary>
[MessageContract(WrapperName = "SetScheduleResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class SetScheduleResponse
{
}
