using Akka.Actor;
using Akka.TestKit;
using Nvr.Control.Engine;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using Nvr.Recording.Engine;
using Nvr.Storage.Configuration;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>
/// A seeded simulation of many recordings and jobs (seed 5.3.3, 5.18, 5.19, Annex A, 5.3.4): random mode, priority
/// and schedule changes, with event-triggered and continuous jobs mixed, against the real control actor and a fake
/// ingest playing the engine (it reports data flowing on every planned track). After every step, the engine plan
/// and every job state must equal an independent model: per track, the Active-mode job whose schedule (if any)
/// exists and is active with the highest priority, the first created on ties; a recording is gated on events only
/// when all its elected jobs carry an EventFilter.
/// </summary>
public sealed class ElectionSimulationTests : SqliteTestKit
{
    private static readonly EngineSettings Settings = new(new StorageCatalog([new LocalStorageConfiguration("local", Path.GetTempPath())]), Path.GetTempPath());

    private const int Recordings = 10;
    private const int Jobs = 30;
    private static readonly string[] Schedules = ["SCH1", "SCH2", "SCH3"];
    private static readonly string[] Destinations = ["VIDEO001", "AUDIO001"];

    private sealed record SimJob(string Token, RecordingJobConfiguration Configuration, int Created);

    [Theory]
    [InlineData(11)]
    [InlineData(2026)]
    public void Two_hundred_random_steps_keep_plan_and_states_equal_to_the_model(int seed)
    {
        var random = new Random(seed);
        var engine = CreateTestProbe();
        var limits = ControlLimits.Default with { MaxJobsPerRecording = 8 };
        var control = Sys.ActorOf(RecordingControlActor.Props(limits, TimeProvider.System, $"sim-{seed}", engine.Ref));
        var recordings = Enumerable.Range(0, Recordings)
            .Select(i => Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording($"camera {i}"))).RecordingToken).ToList();
        var receivers = Enumerable.Range(0, 4)
            .Select(i => Ask<ReceiverCreatedReply>(control, new CreateReceiver(new ReceiverConfiguration("AutoConnect", $"rtsp://127.0.0.1:1/cam{i}", "RTP-Unicast", "RTSP"))).ReceiverToken)
            .ToList();
        var activeSchedules = new HashSet<string>(StringComparer.Ordinal);
        var jobs = new List<SimJob>();
        var plans = new Dictionary<string, RecordingPlan>(StringComparer.Ordinal);

        for (int i = 0; i < Jobs; i++)
        {
            var configuration = RandomJob(random, recordings[random.Next(Recordings)], receivers[random.Next(receivers.Count)]);
            jobs.Add(new SimJob(Ask<JobCreatedReply>(control, new CreateRecordingJob(configuration)).JobToken, configuration, i));
            Settle(engine, control, plans);
        }

        for (int step = 0; step < 200; step++)
        {
            int which = random.Next(jobs.Count);
            var job = jobs[which];
            switch (random.Next(4))
            {
                case 0:
                    var mode = job.Configuration.IsActiveMode ? RecordingJobConfiguration.Idle : RecordingJobConfiguration.Active;
                    Ask<CommandDone>(control, new SetRecordingJobMode(job.Token, mode));
                    jobs[which] = job with { Configuration = job.Configuration with { Mode = mode } };
                    break;
                case 1:
                    var changed = job.Configuration with { Priority = random.Next(4) };
                    Ask<JobConfigurationReply>(control, new SetRecordingJobConfiguration(job.Token, changed));
                    jobs[which] = job with { Configuration = changed };
                    break;
                case 2:
                    var refiltered = job.Configuration with { EventFilter = job.Configuration.EventFilter is null ? MotionFilter : null };
                    Ask<JobConfigurationReply>(control, new SetRecordingJobConfiguration(job.Token, refiltered));
                    jobs[which] = job with { Configuration = refiltered };
                    break;
                default:
                    var schedule = Schedules[random.Next(Schedules.Length)];
                    bool active = !activeSchedules.Contains(schedule);
                    control.Tell(new ScheduleStateChanged(schedule, Exists: true, active));
                    _ = active ? activeSchedules.Add(schedule) : activeSchedules.Remove(schedule);
                    break;
            }

            Settle(engine, control, plans);
            AssertModel(control, jobs, activeSchedules, plans, step);
        }
    }

    private static readonly RecordingEventFilter MotionFilter =
        new([new EventFilterEntry("tns1:RuleEngine/CellMotionDetector/Motion", null)], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

    private static RecordingJobConfiguration RandomJob(Random random, string recording, string receiver)
    {
        var destinations = random.Next(3) switch { 0 => Destinations, 1 => ["VIDEO001"], _ => (string[])["AUDIO001"] };
        var source = new RecordingJobSource(new SourceReference(receiver, SourceReference.ReceiverType), null,
            destinations.Select(d => new RecordingJobTrack(d == "VIDEO001" ? "video" : "audio", d)).ToList());
        return new RecordingJobConfiguration(recording, random.Next(3) == 0 ? RecordingJobConfiguration.Idle : RecordingJobConfiguration.Active,
            random.Next(4), [source], random.Next(3) == 0 ? MotionFilter : null,
            random.Next(3) == 0 ? Schedules[random.Next(Schedules.Length)] : null);
    }

    /// <summary>
    /// The fake ingest: takes every plan the control actor sent (they are in the probe's queue before the reply to a
    /// following ask) and reports data flowing on the planned tracks and Idle on the tracks no longer planned.
    /// </summary>
    private void Settle(TestProbe engine, IActorRef control, Dictionary<string, RecordingPlan> plans)
    {
        for (int round = 0; round < 10; round++)
        {
            _ = Ask<RecordingsReply>(control, new GetRecordings());
            if (!engine.HasMessages)
            {
                return;
            }

            while (engine.HasMessages)
            {
                var plan = engine.ExpectMsg<EnginePlanChanged>(TimeSpan.FromSeconds(5));
                var before = plans.Values.SelectMany(Planned).ToHashSet();
                plans.Clear();
                foreach (var p in plan.Plans)
                {
                    plans[p.RecordingToken] = p;
                }

                var after = plans.Values.SelectMany(Planned).ToHashSet();
                foreach (var (job, track) in after.Except(before))
                {
                    control.Tell(new TrackDataStateChanged(job, track, JobStates.Active, null));
                }

                foreach (var (job, track) in before.Except(after))
                {
                    control.Tell(new TrackDataStateChanged(job, track, JobStates.Idle, null));
                }
            }
        }

        throw new Xunit.Sdk.XunitException("the plan did not settle within 10 rounds");
    }

    private static IEnumerable<(string Job, string Track)> Planned(RecordingPlan plan) =>
        plan.Sources.SelectMany(s => s.Tracks.Select(t => (s.JobToken, t.Destination)));

    private void AssertModel(IActorRef control, List<SimJob> jobs, HashSet<string> activeSchedules, Dictionary<string, RecordingPlan> plans, int step)
    {
        var winners = new Dictionary<(string Recording, string Track), SimJob>();
        foreach (var job in jobs)
        {
            var c = job.Configuration;
            if (!c.IsActiveMode || (c.ScheduleToken is { } s && !activeSchedules.Contains(s)))
            {
                continue;
            }

            foreach (var track in c.Sources.SelectMany(x => x.Tracks))
            {
                var key = (c.RecordingToken, track.Destination);
                if (!winners.TryGetValue(key, out var best) || c.Priority > best.Configuration.Priority ||
                    (c.Priority == best.Configuration.Priority && job.Created < best.Created))
                {
                    winners[key] = job;
                }
            }
        }

        var expected = winners.Select(w => (w.Value.Token, w.Key.Track, w.Key.Recording)).OrderBy(x => x.ToString()).ToList();
        var actual = plans.Values.SelectMany(p => Planned(p).Select(x => (x.Job, x.Track, p.RecordingToken))).OrderBy(x => x.ToString()).ToList();
        Assert.True(expected.SequenceEqual(actual), $"step {step}: planned {string.Join(' ', actual)}, model {string.Join(' ', expected)}");

        foreach (var plan in plans.Values)
        {
            bool allFiltered = plan.Sources.All(s => s.EventFilter is not null);
            Assert.Equal(allFiltered, plan.RecordsOnEventsOnly);
            Assert.Equal(allFiltered, EventGate.For(EngineTargetMapper.ToRunnerPlan(plan, Settings)) is not null);
            foreach (var source in plan.Sources)
            {
                Assert.Equal(jobs.Single(j => j.Token == source.JobToken).Configuration.EventFilter, source.EventFilter);
            }
        }

        foreach (var job in jobs)
        {
            var state = Ask<JobStateReply>(control, new GetRecordingJobState(job.Token)).State;
            foreach (var track in state.Sources.SelectMany(s => s.Tracks))
            {
                bool elected = winners.TryGetValue((job.Configuration.RecordingToken, track.Destination), out var winner) && winner.Token == job.Token;
                Assert.True((elected ? JobStates.Active : JobStates.Idle) == track.State,
                    $"step {step}: job {job.Token} track {track.Destination} is {track.State}, model says elected={elected}");
            }
        }
    }
}
