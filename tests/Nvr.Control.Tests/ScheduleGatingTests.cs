using Akka.Actor;
using Microsoft.Extensions.Time.Testing;
using Nvr.Control.Events;
using Nvr.Control.Persistence;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Control.Schedules.Messages;
using Nvr.Scheduling.Book;
using Nvr.Scheduling.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>Seed 4.1.2 / 5.3.3 with the real schedule actor and a virtual clock: jobs flip exactly at the boundaries.</summary>
public sealed class ScheduleGatingTests : IAsyncLifetime
{
    private const string OfficeHours = """
        BEGIN:VCALENDAR
        BEGIN:VEVENT
        SUMMARY:office hours
        DTSTART:20260105T080000Z
        DTEND:20260105T170000Z
        RRULE:FREQ=DAILY
        END:VEVENT
        END:VCALENDAR
        """;

    private readonly string _database = TempDatabase();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_scheduled_job_is_elected_exactly_while_its_schedule_is_active()
    {
        await using var plane = await ControlPlane.StartAsync(PersistenceOptions.Sqlite(_database), ControlLimits.Default, _time, "gating");
        var states = new System.Collections.Concurrent.BlockingCollection<RecordingJobStateEvent>();
        var listener = plane.System.ActorOf(Props.Create(() => new EventCollector(states)));
        plane.System.EventStream.Subscribe(listener, typeof(RecordingJobStateEvent));

        var saved = await AskAsync<ScheduleSaved>(plane.Schedules, new CreateSchedule(new Schedule(string.Empty, "office", null, OfficeHours, [])));
        var schedule = saved.Schedule.Token;
        var recording = (await AskAsync<RecordingCreatedReply>(plane.RecordingControl, new CreateRecording(CameraRecording()))).RecordingToken;
        var fallback = (await AskAsync<JobCreatedReply>(plane.RecordingControl, new CreateRecordingJob(AutoJob(recording, "Active", 1)))).JobToken;
        var scheduled = (await AskAsync<JobCreatedReply>(plane.RecordingControl,
            new CreateRecordingJob(AutoJob(recording, "Active", 5) with { ScheduleToken = schedule }))).JobToken;

        Assert.Equal(JobStates.Idle, await StateAsync(plane, scheduled));
        Assert.Equal(JobStates.Active, await StateAsync(plane, fallback));

        // 08:00: the schedule turns active, the scheduled job takes the tracks over.
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal((scheduled, JobStates.Active), Next(states, scheduled, JobStates.Active));
        Assert.Equal(JobStates.Idle, await StateAsync(plane, fallback));
        var active = await AskAsync<ScheduleStateReply>(plane.Schedules, new GetScheduleState(schedule));
        Assert.True(active.State.Active);

        // 17:00: inactive again, the lower-priority job records.
        _time.Advance(TimeSpan.FromHours(9));
        Assert.Equal((scheduled, JobStates.Idle), Next(states, scheduled, JobStates.Idle));
        Assert.Equal(JobStates.Active, await StateAsync(plane, fallback));

        // A schedule used by a recording job cannot be deleted (ReferenceInUse).
        var refused = await AskAsync<ScheduleRejected>(plane.Schedules, new DeleteSchedule(schedule));
        Assert.Equal(Nvr.Scheduling.Faults.ScheduleFault.ReferenceInUse, refused.Fault);
    }

    [Fact]
    public async Task Schedules_survive_a_restart_with_identical_tokens()
    {
        string token;
        await using (var plane = await ControlPlane.StartAsync(PersistenceOptions.Sqlite(_database), ControlLimits.Default, _time, "first"))
        {
            token = (await AskAsync<ScheduleSaved>(plane.Schedules, new CreateSchedule(new Schedule(string.Empty, "office", "desc", OfficeHours, [])))).Schedule.Token;
            await AskAsync<SpecialDayGroupSaved>(plane.Schedules, new SetSpecialDayGroup(new SpecialDayGroup("holidays", "Holidays", null, null)));
        }

        await using var restarted = await ControlPlane.StartAsync(PersistenceOptions.Sqlite(_database), ControlLimits.Default, _time, "second");
        var schedules = await AskAsync<SchedulesReply>(restarted.Schedules, new GetSchedules([token]));
        Assert.Equal(("office", "desc"), (schedules.Schedules.Single().Name, schedules.Schedules.Single().Description));
        var groups = await AskAsync<SpecialDayGroupsReply>(restarted.Schedules, new GetSpecialDayGroups(["holidays"]));
        Assert.Equal("Holidays", groups.Groups.Single().Name);
    }

    /// <summary>Awaits the state event of <paramref name="job"/> with <paramref name="state"/> (earlier events of other states are skipped).</summary>
    private static (string, string) Next(System.Collections.Concurrent.BlockingCollection<RecordingJobStateEvent> states, string job, string state)
    {
        while (states.TryTake(out var e, TimeSpan.FromSeconds(15)))
        {
            if (e.RecordingJobToken == job && e.State == state)
            {
                return (e.RecordingJobToken, e.State);
            }
        }

        throw new Xunit.Sdk.XunitException($"no {state} event for {job}");
    }

    private static async Task<string> StateAsync(ControlPlane plane, string job) =>
        (await AskAsync<JobStateReply>(plane.RecordingControl, new GetRecordingJobState(job))).State.State;

    private static async Task<T> AskAsync<T>(IActorRef actor, object message)
    {
        var reply = await actor.Ask<object>(message, TimeSpan.FromSeconds(15));
        return reply is T typed ? typed : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {reply}");
    }

    private sealed class EventCollector : ReceiveActor
    {
        public EventCollector(System.Collections.Concurrent.BlockingCollection<RecordingJobStateEvent> sink) =>
            Receive<RecordingJobStateEvent>(sink.Add);
    }
}
