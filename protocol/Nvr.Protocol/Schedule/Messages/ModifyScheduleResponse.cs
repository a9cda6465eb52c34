using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:ModifyScheduleResponse.</summary>
[MessageContract(WrapperName = "ModifyScheduleResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class ModifyScheduleResponse
{
}
