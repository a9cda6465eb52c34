using Nvr.Control;
using Nvr.Control.Schedules;
using Nvr.Control.Schedules.Messages;
using Nvr.Protocol.Schedule.Messages;
using Nvr.Protocol.Soap;
using Nvr.Scheduling.Book;
using Wire = Nvr.Protocol.Schedule.Schema;

namespace Nvr.Protocol.Schedule;

/// <summary>
/// The ONVIF Schedule service over the schedule actor: every operation is one message; refusals carry the
/// code and subcodes of the Schedule specification's fault tables.
/// </summary>
public sealed class ScheduleService : IScheduleService
{
    private readonly ControlPlane _control;

    public ScheduleService(ControlPlane control) => _control = control;

    public Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request) =>
        Task.FromResult(new GetServiceCapabilitiesResponse { Capabilities = CapabilitiesOf(_control) });

    /// <summary>The schedule service capabilities (GetServiceCapabilities and the device's GetServices).</summary>
    public static Wire.ScheduleServiceCapabilities CapabilitiesOf(ControlPlane control)
    {
        var caps = control.ScheduleCapabilities;
        return new()
        {
            MaxLimit = caps.MaxLimit,
            MaxSchedules = caps.MaxSchedules,
            MaxTimePeriodsPerDay = caps.MaxTimePeriodsPerDay,
            MaxSpecialDayGroups = caps.MaxSpecialDayGroups,
            MaxDaysInSpecialDayGroup = caps.MaxDaysInSpecialDayGroup,
            MaxSpecialDaysSchedules = caps.MaxSpecialDaysSchedules,
            ExtendedRecurrenceSupported = caps.ExtendedRecurrenceSupported,
            SpecialDaysSupported = caps.SpecialDaysSupported,
            StateReportingSupported = caps.StateReportingSupported,
            ClientSuppliedTokenSupported = caps.ClientSuppliedTokenSupported,
        };
    }

    public async Task<GetScheduleStateResponse> GetScheduleState(GetScheduleStateRequest request)
    {
        var reply = await Ask<ScheduleStateReply>(new GetScheduleState(request.Token ?? string.Empty));
        return new GetScheduleStateResponse { ScheduleState = new Wire.ScheduleState { Active = reply.State.Active, SpecialDay = reply.State.SpecialDay } };
    }

    public async Task<GetScheduleInfoResponse> GetScheduleInfo(GetScheduleInfoRequest request)
    {
        var reply = await Ask<ScheduleInfoReply>(new GetScheduleInfo(request.Token));
        return new GetScheduleInfoResponse { ScheduleInfo = reply.Items.Select(ScheduleWireMapper.ToWire).ToList() };
    }

    public async Task<GetScheduleInfoListResponse> GetScheduleInfoList(GetScheduleInfoListRequest request)
    {
        var reply = await Ask<ScheduleInfoPageReply>(new GetScheduleInfoList(ScheduleWireMapper.Limit(request.Limit), request.StartReference));
        return new GetScheduleInfoListResponse
        {
            NextStartReference = reply.Page.NextStartReference,
            ScheduleInfo = reply.Page.Items.Select(ScheduleWireMapper.ToWire).ToList(),
        };
    }

    public async Task<GetSchedulesResponse> GetSchedules(GetSchedulesRequest request)
    {
        var reply = await Ask<SchedulesReply>(new GetSchedules(request.Token));
        return new GetSchedulesResponse { Schedule = reply.Schedules.Select(ScheduleWireMapper.ToWire).ToList() };
    }

    public async Task<GetScheduleListResponse> GetScheduleList(GetScheduleListRequest request)
    {
        var reply = await Ask<SchedulePageReply>(new GetScheduleList(ScheduleWireMapper.Limit(request.Limit), request.StartReference));
        return new GetScheduleListResponse
        {
            NextStartReference = reply.Page.NextStartReference,
            Schedule = reply.Page.Items.Select(ScheduleWireMapper.ToWire).ToList(),
        };
    }

    public async Task<CreateScheduleResponse> CreateSchedule(CreateScheduleRequest request)
    {
        var saved = await Ask<ScheduleSaved>(new CreateSchedule(ScheduleWireMapper.ToModel(request.Schedule)));
        return new CreateScheduleResponse { Token = saved.Schedule.Token };
    }

    public async Task<SetScheduleResponse> SetSchedule(SetScheduleRequest request)
    {
        await Ask<ScheduleSaved>(new SetSchedule(ScheduleWireMapper.ToModel(request.Schedule)));
        return new SetScheduleResponse();
    }

    public async Task<ModifyScheduleResponse> ModifySchedule(ModifyScheduleRequest request)
    {
        await Ask<ScheduleSaved>(new ModifySchedule(ScheduleWireMapper.ToModel(request.Schedule)));
        return new ModifyScheduleResponse();
    }

    public async Task<DeleteScheduleResponse> DeleteSchedule(DeleteScheduleRequest request)
    {
        await Ask<ScheduleDeleted>(new DeleteSchedule(request.Token ?? string.Empty));
        return new DeleteScheduleResponse();
    }

    public async Task<GetSpecialDayGroupInfoResponse> GetSpecialDayGroupInfo(GetSpecialDayGroupInfoRequest request)
    {
        var reply = await Ask<SpecialDayGroupInfoReply>(new GetSpecialDayGroupInfo(request.Token));
        return new GetSpecialDayGroupInfoResponse { SpecialDayGroupInfo = reply.Items.Select(ScheduleWireMapper.ToWire).ToList() };
    }

    public async Task<GetSpecialDayGroupInfoListResponse> GetSpecialDayGroupInfoList(GetSpecialDayGroupInfoListRequest request)
    {
        var reply = await Ask<SpecialDayGroupInfoPageReply>(new GetSpecialDayGroupInfoList(ScheduleWireMapper.Limit(request.Limit), request.StartReference));
        return new GetSpecialDayGroupInfoListResponse
        {
            NextStartReference = reply.Page.NextStartReference,
            SpecialDayGroupInfo = reply.Page.Items.Select(ScheduleWireMapper.ToWire).ToList(),
        };
    }

    public async Task<GetSpecialDayGroupsResponse> GetSpecialDayGroups(GetSpecialDayGroupsRequest request)
    {
        var reply = await Ask<SpecialDayGroupsReply>(new GetSpecialDayGroups(request.Token));
        return new GetSpecialDayGroupsResponse { SpecialDayGroup = reply.Groups.Select(ScheduleWireMapper.ToWire).ToList() };
    }

    public async Task<GetSpecialDayGroupListResponse> GetSpecialDayGroupList(GetSpecialDayGroupListRequest request)
    {
        var reply = await Ask<SpecialDayGroupPageReply>(new GetSpecialDayGroupList(ScheduleWireMapper.Limit(request.Limit), request.StartReference));
        return new GetSpecialDayGroupListResponse
        {
            NextStartReference = reply.Page.NextStartReference,
            SpecialDayGroup = reply.Page.Items.Select(ScheduleWireMapper.ToWire).ToList(),
        };
    }

    public async Task<CreateSpecialDayGroupResponse> CreateSpecialDayGroup(CreateSpecialDayGroupRequest request)
    {
        var saved = await Ask<SpecialDayGroupSaved>(new CreateSpecialDayGroup(ScheduleWireMapper.ToModel(request.SpecialDayGroup)));
        return new CreateSpecialDayGroupResponse { Token = saved.Group.Token };
    }

    public async Task<SetSpecialDayGroupResponse> SetSpecialDayGroup(SetSpecialDayGroupRequest request)
    {
        await Ask<SpecialDayGroupSaved>(new SetSpecialDayGroup(ScheduleWireMapper.ToModel(request.SpecialDayGroup)));
        return new SetSpecialDayGroupResponse();
    }

    public async Task<ModifySpecialDayGroupResponse> ModifySpecialDayGroup(ModifySpecialDayGroupRequest request)
    {
        await Ask<SpecialDayGroupSaved>(new ModifySpecialDayGroup(ScheduleWireMapper.ToModel(request.SpecialDayGroup)));
        return new ModifySpecialDayGroupResponse();
    }

    public async Task<DeleteSpecialDayGroupResponse> DeleteSpecialDayGroup(DeleteSpecialDayGroupRequest request)
    {
        await Ask<SpecialDayGroupDeleted>(new DeleteSpecialDayGroup(request.Token ?? string.Empty));
        return new DeleteSpecialDayGroupResponse();
    }

    private async Task<T> Ask<T>(object command)
    {
        try
        {
            return await _control.AskSchedulesAsync<T>(command);
        }
        catch (ScheduleRejectedException e)
        {
            throw e.Rejection.ToFault();
        }
    }
}
