using Nvr.Control.Events;
using Nvr.Control.Notifications;
using Nvr.Control.Recordings.Model;
using Nvr.Recording.Triggers;

namespace Nvr.Control.Tests.Notifications;

[Trait("Category", "Unit")]
public sealed class RecordingHistoryTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static RecordingJobStateEvent Job(string job, string recording, string state) =>
        new(T0, job, state, new JobStateInformation(recording, state, []));

    private static string Describe(OnvifEvent e) => e switch
    {
        RecordingHistoryStateEvent s => $"{s.RecordingToken}:{s.IsRecording}",
        PropertyDeletedEvent d => $"{d.Source[0].Value}:deleted",
        _ => e.Topic,
    };

    [Fact]
    public void IsRecording_follows_the_jobs_of_a_recording_and_only_changes_are_reported()
    {
        var tracker = new RecordingHistoryTracker();
        Assert.Equal(["REC1:False"], tracker.On(Job("J1", "REC1", JobStates.Idle)).Select(Describe));
        Assert.Equal(["REC1:True"], tracker.On(Job("J1", "REC1", JobStates.Active)).Select(Describe));
        Assert.Empty(tracker.On(Job("J2", "REC1", JobStates.Active)));
        Assert.Empty(tracker.On(Job("J1", "REC1", JobStates.Idle)));
        Assert.Equal(["REC1:False"], tracker.On(Job("J2", "REC1", JobStates.Idle)).Select(Describe));
    }

    [Fact]
    public void A_deleted_recording_is_not_recreated_by_its_jobs_later_JobState_deletion()
    {
        var tracker = new RecordingHistoryTracker();
        tracker.On(Job("J1", "REC1", JobStates.Active)).ToList();
        Assert.Equal(["REC1:deleted"], tracker.On(new DeleteRecordingEvent(T0, "REC1")).Select(Describe));
        Assert.Empty(tracker.On(new PropertyDeletedEvent(T0, "RecordingConfig/JobState", [new EventItem("RecordingJobToken", "J1")])));
    }

    [Fact]
    public void IsDataPresent_is_reported_once_per_track_and_deleted_with_the_track()
    {
        var tracker = new RecordingHistoryTracker();
        var segment = new SegmentRecordedEvent("REC1", "k", ["VIDEO001"], T0.UtcDateTime, T0.UtcDateTime.AddSeconds(2), 10, Stored: true);
        Assert.Single(tracker.On(segment, T0));
        Assert.Empty(tracker.On(segment, T0));
        Assert.Empty(tracker.On(segment with { Stored = false, Tracks = ["AUDIO001"] }, T0));
        Assert.Equal(["REC1:deleted"], tracker.On(new DeleteTrackEvent(T0, "REC1", "VIDEO001")).Select(Describe));
    }
}
