using Nvr.Control.Schedules.Messages;

namespace Nvr.Control.Schedules;

/// <summary>A command to the schedule actor was refused (nothing changed); <see cref="Rejection"/> says why.</summary>
public sealed class ScheduleRejectedException : Exception
{
    public ScheduleRejectedException(ScheduleRejected rejection)
        : base(rejection.Reason) => Rejection = rejection;

    public ScheduleRejected Rejection { get; }
}
