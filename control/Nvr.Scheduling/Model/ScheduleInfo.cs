namespace Nvr.Scheduling.Model;

/// <summary>The identifying part of a schedule (ONVIF tsc:ScheduleInfo).</summary>
public sealed record ScheduleInfo(string Token, string Name, string? Description);
