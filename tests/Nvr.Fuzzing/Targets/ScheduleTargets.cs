using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Faults;
using Nvr.Scheduling.Model;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// The iCalendar text of a schedule's Standard or a special day group's Days (Schedule service), parsed and then
/// evaluated as the schedule actor does. Documented rejection: <see cref="ScheduleFaultException"/> (InvalidArgument).
/// </summary>
public sealed class ICalendarTarget : FuzzTarget
{
    private static readonly ScheduleEvaluator Evaluator = new("Europe/Berlin");
    private static readonly DateTimeOffset At = new(2026, 3, 29, 0, 30, 0, TimeSpan.Zero); // the night of a DST change
    private static readonly TimePeriod[] Ranges = [new(new TimeOnly(8, 0), new TimeOnly(12, 0))];
    private static readonly ScheduleCalendar Always = ScheduleCalendar.Parse(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T000000\r\nDTEND:20260102T000000\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "Standard");

    public override string Name => "icalendar";

    public override string Description => "ScheduleCalendar.Parse, then ScheduleEvaluator.Evaluate as Standard and as special Days; ScheduleFaultException is the rejection";

    public override int SmokeExecutions => 3_000;

    public override int MaxInputBytes => 4 * 1024;

    public override void Run(ReadOnlySpan<byte> input)
    {
        ScheduleCalendar calendar;
        try
        {
            calendar = ScheduleCalendar.Parse(FuzzInput.Utf8(input), "Standard");
        }
        catch (ScheduleFaultException)
        {
            return;
        }

        _ = Evaluator.Evaluate(new CompiledSchedule("S1", "fuzz", calendar, []), At);
        _ = Evaluator.StateAt(new CompiledSchedule("S2", "fuzz", Always, [new CompiledSpecialDays("G1", calendar, Ranges)]), At);
    }
}
