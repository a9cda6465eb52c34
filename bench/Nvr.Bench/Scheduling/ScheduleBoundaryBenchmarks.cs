using BenchmarkDotNet.Attributes;
using Nvr.Scheduling.Book;
using Nvr.Scheduling.Evaluation;
using Nvr.Scheduling.Model;
using Nvr.Scheduling.Tracking;

namespace Nvr.Bench.Scheduling;

/// <summary>
/// 10,000 schedules that all flip at one shared boundary (Monday 2026-11-23 08:00 Europe/Berlin = 07:00Z):
/// computing every next transition, loading them into the tracker, and processing the boundary.
/// One invocation per iteration: every operation touches all 10,000 schedules.
/// Run: dotnet run -c Release --project bench/Nvr.Bench -- --filter '*ScheduleBoundary*' --buildTimeout 1200
/// </summary>
[ShortRunJob]
[InvocationCount(1)]
[MemoryDiagnoser]
public class ScheduleBoundaryBenchmarks
{
    private const int ScheduleCount = 10_000;
    private static readonly DateTimeOffset BeforeBoundary = new(2026, 11, 23, 6, 59, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Boundary = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private readonly ScheduleEvaluator _evaluator = new("Europe/Berlin");
    private CompiledSchedule[] _schedules = [];
    private ManualTimeProvider _clock = null!;
    private ScheduleStateTracker _tracker = null!;
    private int _changes;

    [GlobalSetup]
    public void LoadBook()
    {
        var book = new ScheduleBook(new ScheduleServiceCapabilities { MaxSchedules = ScheduleCount }, TimeProvider.System);
        book.Apply(book.DecideSetSpecialDayGroup(new SpecialDayGroup("holidays", "Holidays", null,
            "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261226\nRRULE:FREQ=YEARLY\nEND:VEVENT\nEND:VCALENDAR\n")));
        for (var i = 0; i < ScheduleCount; i++)
        {
            book.Apply(book.DecideSetSchedule(MakeSchedule(i)));
        }

        _schedules = Enumerable.Range(0, ScheduleCount).Select(i => book.CompileSchedule($"s{i}")).ToArray();
    }

    /// <summary>Three shapes, each with its own text and parsed calendar; all become active at Monday 08:00.</summary>
    private static Schedule MakeSchedule(int i)
    {
        var uid = $"UID:bench-{i}\n";
        var (standard, specialDays) = (i % 3) switch
        {
            0 => ($"BEGIN:VCALENDAR\nBEGIN:VEVENT\n{uid}DTSTART:19700101T080000\nDTEND:19700101T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\nEND:VEVENT\nEND:VCALENDAR\n",
                Array.Empty<SpecialDaysSchedule>()),
            1 => ($"BEGIN:VCALENDAR\nBEGIN:VEVENT\n{uid}DTSTART:20260101T080000\nDTEND:20260101T{12 + (i % 5):00}0000\nRRULE:FREQ=DAILY;UNTIL=20271231T080000\nEND:VEVENT\nEND:VCALENDAR\n",
                Array.Empty<SpecialDaysSchedule>()),
            _ => ($"BEGIN:VCALENDAR\nBEGIN:VEVENT\n{uid}DTSTART:19700105T080000\nDTEND:19700105T170000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE\nEND:VEVENT\nEND:VCALENDAR\n",
                [new SpecialDaysSchedule("holidays", [new TimePeriod(new TimeOnly(9, 0), new TimeOnly(12, 0))])]),
        };
        return new Schedule($"s{i}", $"bench {i}", null, standard, specialDays);
    }

    [Benchmark(Description = "Evaluate state + next transition of 10k schedules")]
    public int ComputeNextTransitions()
    {
        var atBoundary = 0;
        foreach (var schedule in _schedules)
        {
            if (_evaluator.Evaluate(schedule, BeforeBoundary).NextTransition == Boundary)
            {
                atBoundary++;
            }
        }

        return atBoundary == ScheduleCount ? atBoundary : throw new InvalidOperationException($"only {atBoundary} flip at the boundary");
    }

    [IterationSetup(Targets = [nameof(ProcessSharedBoundary)])]
    public void TrackAll()
    {
        _clock = new ManualTimeProvider(BeforeBoundary);
        _changes = 0;
        _tracker = new ScheduleStateTracker(_evaluator, _clock, _ => _changes++);
        foreach (var schedule in _schedules)
        {
            _tracker.Track(schedule);
        }
    }

    [Benchmark(Description = "Fire the shared boundary: 10k timers, re-evaluate, 10k events")]
    public int ProcessSharedBoundary()
    {
        var before = _changes;
        var fired = _clock.AdvanceTo(Boundary);
        var events = _changes - before;
        return fired == ScheduleCount && events == ScheduleCount ? events : throw new InvalidOperationException($"{fired} timers, {events} events");
    }

    [Benchmark(Description = "Load 10k schedules into a new tracker (initial evaluation + timer)")]
    public int LoadIntoTracker()
    {
        var clock = new ManualTimeProvider(BeforeBoundary);
        using var tracker = new ScheduleStateTracker(_evaluator, clock, static _ => { });
        foreach (var schedule in _schedules)
        {
            tracker.Track(schedule);
        }

        return tracker.Count;
    }
}
