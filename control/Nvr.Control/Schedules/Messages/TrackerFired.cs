using Nvr.Scheduling.Model;

namespace Nvr.Control.Schedules.Messages;

/// <summary>Message to the schedule actor. Internal: the state tracker saw a transition.</summary>
public sealed record TrackerFired(Nvr.Scheduling.Tracking.ScheduleStateChanged Change);
