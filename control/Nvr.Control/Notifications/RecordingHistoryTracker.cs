using Nvr.Control.Events;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Notifications;

/// <summary>
/// Derives the Profile G recording history properties: a recording IsRecording while one of its jobs is Active or
/// PartiallyActive (from JobState); a track IsDataPresent once a segment with it was stored. Deleting the recording
/// or track deletes the property.
/// </summary>
public sealed class RecordingHistoryTracker
{
    private readonly Dictionary<string, (string Recording, bool Active)> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _recording = new(StringComparer.Ordinal);
    private readonly HashSet<(string Recording, string Track)> _present = [];

    public IEnumerable<OnvifEvent> On(OnvifEvent e)
    {
        switch (e)
        {
            case RecordingJobStateEvent state:
                _jobs[state.RecordingJobToken] = (state.Information.RecordingToken,
                    state.State is JobStates.Active or JobStates.PartiallyActive);
                return Changed(state.Information.RecordingToken, e.UtcTime);
            case PropertyDeletedEvent { Topic: "RecordingConfig/JobState" } deleted:
                var job = deleted.Source[0].Value;
                if (_jobs.Remove(job, out var was))
                {
                    return Changed(was.Recording, e.UtcTime);
                }

                return [];
            case DeleteRecordingEvent recording:
                return DeleteRecording(recording.RecordingToken, e.UtcTime);
            case DeleteTrackEvent track when _present.Remove((track.RecordingToken, track.TrackToken)):
                return [TrackDeleted(track.RecordingToken, track.TrackToken, e.UtcTime)];
            default:
                return [];
        }
    }

    public IEnumerable<OnvifEvent> On(SegmentRecordedEvent segment, DateTimeOffset now)
    {
        if (!segment.Stored)
        {
            yield break;
        }

        foreach (var track in segment.Tracks)
        {
            if (_present.Add((segment.RecordingToken, track)))
            {
                yield return new TrackHistoryStateEvent(now, segment.RecordingToken, track, true);
            }
        }
    }

    private List<OnvifEvent> Changed(string recording, DateTimeOffset time)
    {
        bool isRecording = _jobs.Values.Any(j => j.Recording == recording && j.Active);
        if (_recording.TryGetValue(recording, out var before) && before == isRecording)
        {
            return [];
        }

        _recording[recording] = isRecording;
        return [new RecordingHistoryStateEvent(time, recording, isRecording)];
    }

    private List<OnvifEvent> DeleteRecording(string recording, DateTimeOffset time)
    {
        // The recording's jobs go with it; their JobState deletions may follow and must not recreate the property.
        foreach (var job in _jobs.Where(j => j.Value.Recording == recording).Select(j => j.Key).ToList())
        {
            _jobs.Remove(job);
        }

        var events = new List<OnvifEvent>();
        if (_recording.Remove(recording))
        {
            events.Add(new PropertyDeletedEvent(time, "RecordingHistory/Recording/State", [new EventItem("RecordingToken", recording)]));
        }

        foreach (var track in _present.Where(p => p.Recording == recording).ToList())
        {
            _present.Remove(track);
            events.Add(TrackDeleted(recording, track.Track, time));
        }

        return events;
    }

    private static PropertyDeletedEvent TrackDeleted(string recording, string track, DateTimeOffset time) =>
        new(time, "RecordingHistory/Track/State", [new EventItem("RecordingToken", recording), new EventItem("Track", track)]);
}
