using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:DeleteScheduleResponse.</summary>
[MessageContract(WrapperName = "DeleteScheduleResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class DeleteScheduleResponse
{
}
