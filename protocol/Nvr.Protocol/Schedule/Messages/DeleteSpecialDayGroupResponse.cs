using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:DeleteSpecialDayGroupResponse.</summary>
[MessageContract(WrapperName = "DeleteSpecialDayGroupResponse", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class DeleteSpecialDayGroupResponse
{
}
