using Akka.Actor;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Track commands: create (within the spares of GetRecordingOptions), delete, get and set configuration.</summary>
public sealed partial class RecordingControlActor
{
    private void RegisterTrackCommands()
    {
        Command<CreateTrack>(OnCreateTrack);
        Command<DeleteTrack>(OnDeleteTrack);
        Command<GetTrackConfiguration>(c =>
        {
            if (FindTrack(c.RecordingToken, c.TrackToken) is { } track)
            {
                Sender.Tell(new TrackConfigurationReply(track.Configuration));
            }
        });
        Command<SetTrackConfiguration>(OnSetTrackConfiguration);
    }

    /// <summary>Finds a track or replies NoRecording/NoTrack and returns null.</summary>
    private Track? FindTrack(string recordingToken, string trackToken)
    {
        if (!_state.Recordings.TryGetValue(recordingToken, out var recording))
        {
            Reject(ControlFault.NoRecording, $"recording '{recordingToken}' does not exist");
            return null;
        }

        var track = recording.FindTrack(trackToken);
        if (track is null)
        {
            Reject(ControlFault.NoTrack, $"track '{trackToken}' is not a track of recording '{recordingToken}'");
        }

        return track;
    }

    private int MaxTracksOf(TrackType type) => type switch
    {
        TrackType.Video => _limits.MaxVideoTracks,
        TrackType.Audio => _limits.MaxAudioTracks,
        _ => _limits.MaxMetadataTracks,
    };

    private void OnCreateTrack(CreateTrack command)
    {
        if (!_state.Recordings.TryGetValue(command.RecordingToken, out var recording))
        {
            Reject(ControlFault.NoRecording, $"recording '{command.RecordingToken}' does not exist");
            return;
        }

        var type = command.Configuration.TrackType;
        if (recording.Tracks.Count >= _limits.MaxTracksPerRecording || recording.CountTracks(type) >= MaxTracksOf(type))
        {
            Reject(ControlFault.MaxTracks,
                $"recording '{recording.Token}' has no spare {type} track (at most {MaxTracksOf(type)} {type} and {_limits.MaxTracksPerRecording} tracks in all)");
            return;
        }

        var number = recording.TracksCreated.GetValueOrDefault(type) + 1;
        var description = Truncate(command.Configuration.Description);
        var track = new Track(RecordingControlState.TrackToken(type, number), new TrackConfiguration(type, description));
        Commit(new TrackCreated(recording.Token, track), () =>
        {
            Sender.Tell(new TrackCreatedReply(track.Token));
            Publish(new CreateTrackEvent(Now, recording.Token, track.Token));
        });
    }

    private void OnDeleteTrack(DeleteTrack command)
    {
        if (FindTrack(command.RecordingToken, command.TrackToken) is null)
        {
            return;
        }

        var recording = _state.Recordings[command.RecordingToken];
        foreach (var job in _state.JobsOf(recording.Token))
        {
            var resolved = JobTrackResolver.Resolve(job.Configuration, recording);
            if (resolved.Sources.Any(s => s.Tracks.Any(t => t.Destination == command.TrackToken)))
            {
                Reject(ControlFault.CannotDelete, $"track '{command.TrackToken}' is the destination of recording job '{job.Token}'");
                return;
            }
        }

        if (recording.Configuration.Target?.Encryption.Any(e => e.Tracks.Contains(command.TrackToken)) == true)
        {
            Reject(ControlFault.CannotDelete, $"track '{command.TrackToken}' is named by an Encryption entry of the recording's Target");
            return;
        }

        Commit(new TrackDeleted(recording.Token, command.TrackToken), () =>
        {
            Done();
            Publish(new DeleteTrackEvent(Now, recording.Token, command.TrackToken));
        });
    }

    private void OnSetTrackConfiguration(SetTrackConfiguration command)
    {
        if (FindTrack(command.RecordingToken, command.TrackToken) is not { } track)
        {
            return;
        }

        // 5.12: TrackType is ignored, it cannot change.
        var description = Truncate(command.Configuration.Description);
        Commit(new TrackConfigured(command.RecordingToken, command.TrackToken, description), () =>
        {
            Done();
            Publish(new TrackConfigurationEvent(Now, command.RecordingToken, command.TrackToken, track.Configuration with { Description = description }));
        });
    }

    private string Truncate(string text) => text.Length <= _limits.MaxDescriptionLength ? text : text[.._limits.MaxDescriptionLength];
}
