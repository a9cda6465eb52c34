namespace Nvr.Scheduling.Model;

/// <summary>A named group of special days (ONVIF tsc:SpecialDayGroup); <see cref="Days"/> is iCalendar text.</summary>
public sealed record SpecialDayGroup(string Token, string Name, string? Description, string? Days);
