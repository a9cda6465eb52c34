using System.ServiceModel;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule.Messages;

/// <summary>tsc:GetSpecialDayGroupInfoList.</summary>
[MessageContract(WrapperName = "GetSpecialDayGroupInfoList", WrapperNamespace = OnvifNamespaces.Schedule, IsWrapped = true)]
public sealed class GetSpecialDayGroupInfoListRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 0)]
    public string? Limit { get; set; }
    [MessageBodyMember(Namespace = OnvifNamespaces.Schedule, Order = 1)]
    public string? StartReference { get; set; }
}
