using Nvr.Scheduling.Faults;

namespace Nvr.Control.Schedules.Messages;

/// <summary>A schedule command was refused (nothing changed): why, as a domain fault, and in English.</summary>
public sealed record ScheduleRejected(ScheduleFault Fault, string Reason);
