namespace Nvr.Scheduling.Model;

/// <summary>The ONVIF tsc:ScheduleState of a schedule at one instant.</summary>
public readonly record struct ScheduleState(bool Active, bool SpecialDay);
