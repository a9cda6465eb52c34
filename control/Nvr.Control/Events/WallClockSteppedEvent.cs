namespace Nvr.Control.Events;

/// <summary>
/// The host's wall clock stepped by <paramref name="Step"/> against its monotonic clock (published on the local event
/// stream by the appliance's step monitor; not an ONVIF event). What depends on the wall clock itself re-evaluates:
/// the schedules' states (local wall-clock time by the Schedule spec).
/// </summary>
public sealed record WallClockSteppedEvent(DateTimeOffset UtcTime, TimeSpan Step);
