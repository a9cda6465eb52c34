namespace Nvr.Scheduling.Model;

/// <summary>
/// A daily time window of a special-days override (ONVIF tsc:TimePeriod). A moment t is inside when
/// <c>From &lt;= t &lt; Until</c>; a missing <see cref="Until"/> means "until midnight".
/// </summary>
public sealed record TimePeriod(TimeOnly From, TimeOnly? Until = null);
