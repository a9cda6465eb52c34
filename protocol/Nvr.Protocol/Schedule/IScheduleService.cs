using System.ServiceModel;
using Nvr.Protocol.Schedule.Messages;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Schedule;

/// <summary>The ONVIF Schedule service contract (tsc, schedule.wsdl).</summary>
[ServiceContract(Namespace = OnvifNamespaces.Schedule, Name = "SchedulePort")]
[XmlSerializerFormat(SupportFaults = true)]
public interface IScheduleService
{
    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetServiceCapabilities", ReplyAction = "*")]
    Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetScheduleState", ReplyAction = "*")]
    Task<GetScheduleStateResponse> GetScheduleState(GetScheduleStateRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetScheduleInfo", ReplyAction = "*")]
    Task<GetScheduleInfoResponse> GetScheduleInfo(GetScheduleInfoRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetScheduleInfoList", ReplyAction = "*")]
    Task<GetScheduleInfoListResponse> GetScheduleInfoList(GetScheduleInfoListRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetSchedules", ReplyAction = "*")]
    Task<GetSchedulesResponse> GetSchedules(GetSchedulesRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetScheduleList", ReplyAction = "*")]
    Task<GetScheduleListResponse> GetScheduleList(GetScheduleListRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/CreateSchedule", ReplyAction = "*")]
    Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/SetSchedule", ReplyAction = "*")]
    Task<SetScheduleResponse> SetSchedule(SetScheduleRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/ModifySchedule", ReplyAction = "*")]
    Task<ModifyScheduleResponse> ModifySchedule(ModifyScheduleRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/DeleteSchedule", ReplyAction = "*")]
    Task<DeleteScheduleResponse> DeleteSchedule(DeleteScheduleRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetSpecialDayGroupInfo", ReplyAction = "*")]
    Task<GetSpecialDayGroupInfoResponse> GetSpecialDayGroupInfo(GetSpecialDayGroupInfoRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetSpecialDayGroupInfoList", ReplyAction = "*")]
    Task<GetSpecialDayGroupInfoListResponse> GetSpecialDayGroupInfoList(GetSpecialDayGroupInfoListRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetSpecialDayGroups", ReplyAction = "*")]
    Task<GetSpecialDayGroupsResponse> GetSpecialDayGroups(GetSpecialDayGroupsRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/GetSpecialDayGroupList", ReplyAction = "*")]
    Task<GetSpecialDayGroupListResponse> GetSpecialDayGroupList(GetSpecialDayGroupListRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/CreateSpecialDayGroup", ReplyAction = "*")]
    Task<CreateSpecialDayGroupResponse> CreateSpecialDayGroup(CreateSpecialDayGroupRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/SetSpecialDayGroup", ReplyAction = "*")]
    Task<SetSpecialDayGroupResponse> SetSpecialDayGroup(SetSpecialDayGroupRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/ModifySpecialDayGroup", ReplyAction = "*")]
    Task<ModifySpecialDayGroupResponse> ModifySpecialDayGroup(ModifySpecialDayGroupRequest request);

    [OperationContract(Action = OnvifNamespaces.Schedule + "/DeleteSpecialDayGroup", ReplyAction = "*")]
    Task<DeleteSpecialDayGroupResponse> DeleteSpecialDayGroup(DeleteSpecialDayGroupRequest request);
}
