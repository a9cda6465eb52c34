using Nvr.Protocol.Security;

namespace Nvr.Protocol.Schedule;

/// <summary>The access class of every schedule.wsdl operation, as the schedule seed (18.06) states each.</summary>
public static class ScheduleAccessClasses
{
    public static IReadOnlyDictionary<string, AccessClass> Table { get; } = new Dictionary<string, AccessClass>(StringComparer.Ordinal)
    {
        ["GetServiceCapabilities"] = AccessClass.PreAuth,          // 5.1.3
        ["GetScheduleInfo"] = AccessClass.ReadSystem,              // 5.2.3
        ["GetScheduleInfoList"] = AccessClass.ReadSystem,          // 5.2.4
        ["GetSchedules"] = AccessClass.ReadSystem,                 // 5.2.5
        ["GetScheduleList"] = AccessClass.ReadSystem,              // 5.2.6
        ["CreateSchedule"] = AccessClass.WriteSystem,              // 5.2.7
        ["SetSchedule"] = AccessClass.WriteSystem,                 // 5.2.8
        ["ModifySchedule"] = AccessClass.WriteSystem,              // 5.2.9
        ["DeleteSchedule"] = AccessClass.WriteSystem,              // 5.2.10
        ["GetSpecialDayGroupInfo"] = AccessClass.ReadSystem,       // 5.3.3
        ["GetSpecialDayGroupInfoList"] = AccessClass.ReadSystem,   // 5.3.4
        ["GetSpecialDayGroups"] = AccessClass.ReadSystem,          // 5.3.5
        ["GetSpecialDayGroupList"] = AccessClass.ReadSystem,       // 5.3.6
        ["CreateSpecialDayGroup"] = AccessClass.WriteSystem,       // 5.3.7
        ["SetSpecialDayGroup"] = AccessClass.WriteSystem,          // 5.3.8
        ["ModifySpecialDayGroup"] = AccessClass.WriteSystem,       // 5.3.9
        ["DeleteSpecialDayGroup"] = AccessClass.WriteSystem,       // 5.3.10
        ["GetScheduleState"] = AccessClass.ReadSystemSensitive,    // 5.4.2
    };
}
