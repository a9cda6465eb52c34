namespace Nvr.Scheduling.Model;

/// <summary>The identifying part of a special day group (ONVIF tsc:SpecialDayGroupInfo).</summary>
public sealed record SpecialDayGroupInfo(string Token, string Name, string? Description);
