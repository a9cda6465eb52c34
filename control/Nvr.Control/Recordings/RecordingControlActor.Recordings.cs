using Akka.Actor;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Recording commands: create, delete, list, configure, override segment duration, options.</summary>
public sealed partial class RecordingControlActor
{
    private static readonly TrackType[] DefaultTrackTypes = [TrackType.Video, TrackType.Audio, TrackType.Metadata];

    private void RegisterRecordingCommands()
    {
        Command<CreateRecording>(OnCreateRecording);
        Command<DeleteRecording>(OnDeleteRecording);
        Command<GetRecordings>(_ => Sender.Tell(new RecordingsReply(
            _state.Recordings.Values.Select(r => r with { Configuration = Visible(r) }).ToList())));
        Command<SetRecordingConfiguration>(OnSetRecordingConfiguration);
        Command<GetRecordingConfiguration>(c =>
        {
            if (_state.Recordings.TryGetValue(c.RecordingToken, out var recording))
            {
                Sender.Tell(new RecordingConfigurationReply(Visible(recording)));
            }
            else
            {
                Reject(ControlFault.NoRecording, $"recording '{c.RecordingToken}' does not exist");
            }
        });
        Command<GetRecordingOptions>(OnGetRecordingOptions);
        Command<OverrideSegmentDuration>(OnOverrideSegmentDuration);
    }

    /// <summary>The configuration as clients see it: no keys, with the override while it has not expired.</summary>
    private RecordingConfiguration Visible(Model.Recording recording) => Effective(recording).WithoutKeys();

    /// <summary>The configuration the engine uses: with keys and the override while it has not expired.</summary>
    private RecordingConfiguration Effective(Model.Recording recording)
    {
        var configuration = recording.Configuration;
        if (configuration.Target is { } target && _overrides.TryGetValue(recording.Token, out var active))
        {
            if (active.ExpiresAtUtc > Now)
            {
                return configuration with { Target = target with { Override = active } };
            }

            _overrides.Remove(recording.Token);
        }

        return configuration;
    }

    private void OnCreateRecording(CreateRecording command)
    {
        if (_state.Recordings.Count >= _limits.MaxRecordings)
        {
            Reject(ControlFault.MaxRecordings, $"the device already has the maximum of {_limits.MaxRecordings} recordings");
            return;
        }

        var tracks = DefaultTrackTypes.Select(t => new Track(RecordingControlState.TrackToken(t, 1), new TrackConfiguration(t, string.Empty))).ToList();
        var error = RecordingConfigurationRules.Validate(command.Configuration, tracks.Select(t => t.Token).ToList(), null, _limits, out var normalized)
            ?? SharedTargetError(normalized.Target, exceptRecording: null);
        if (error is not null)
        {
            Reject(ControlFault.BadConfiguration, error);
            return;
        }

        // Seed 5.4: a new recording starts with MaximumRetentionTime 0 (unlimited) and empty track descriptions.
        normalized = normalized with { MaximumRetentionTime = TimeSpan.Zero };
        var token = _state.NextRecordingToken;
        Commit(new RecordingCreated(token, normalized, tracks), () =>
        {
            Sender.Tell(new RecordingCreatedReply(token));
            Publish(new CreateRecordingEvent(Now, token));
            foreach (var track in tracks)
            {
                Publish(new CreateTrackEvent(Now, token, track.Token));
            }
        });
    }

    private void OnDeleteRecording(DeleteRecording command)
    {
        if (!_state.Recordings.ContainsKey(command.RecordingToken) || _deferredDeletes.Contains(command.RecordingToken))
        {
            Reject(ControlFault.NoRecording, $"recording '{command.RecordingToken}' does not exist");
            return;
        }

        if (!DeferDeletion(command))
        {
            DeleteNow(command, Sender);
        }
    }

    private void DeleteNow(DeleteRecording command, IActorRef replyTo)
    {

        var events = new List<IControlEvent>();
        var after = _state;
        foreach (var job in _state.JobsOf(command.RecordingToken))
        {
            var deleted = new JobDeleted(job.Token);
            events.Add(deleted);
            after = after.Apply(deleted);
        }

        events.AddRange(OrphanedReceivers(after));
        events.Add(new RecordingDeleted(command.RecordingToken));
        Commit(events, () =>
        {
            _overrides.Remove(command.RecordingToken);
            replyTo.Tell(CommandDone.Instance);
            Publish(new DeleteRecordingEvent(Now, command.RecordingToken));
        });
    }

    private void OnSetRecordingConfiguration(SetRecordingConfiguration command)
    {
        if (!_state.Recordings.TryGetValue(command.RecordingToken, out var recording))
        {
            Reject(ControlFault.NoRecording, $"recording '{command.RecordingToken}' does not exist");
            return;
        }

        var error = RecordingConfigurationRules.Validate(
            command.Configuration, recording.Tracks.Select(t => t.Token).ToList(), recording.Configuration, _limits, out var normalized)
            ?? SharedTargetError(normalized.Target, exceptRecording: recording.Token);
        if (error is not null)
        {
            Reject(ControlFault.BadConfiguration, error);
            return;
        }

        Commit(new RecordingConfigured(command.RecordingToken, normalized), () =>
        {
            _overrides.Remove(command.RecordingToken); // 5.24: modifying the configuration removes the override
            Done();
            Publish(new RecordingConfigurationEvent(Now, command.RecordingToken, normalized.WithoutKeys()));
        });
    }

    /// <summary>
    /// Annex B keys are Prefix/date/Postfix/…: two recordings whose Targets name the same storage, Prefix and Postfix
    /// would write (and on recovery, claim) the same object keys, so the second one is refused.
    /// </summary>
    private string? SharedTargetError(RecordingTarget? target, string? exceptRecording)
    {
        if (target is null)
        {
            return null;
        }

        foreach (var other in _state.Recordings.Values)
        {
            if (other.Token != exceptRecording && other.Configuration.Target is { } used && used.Storage == target.Storage &&
                used.Prefix == target.Prefix && used.Postfix == target.Postfix)
            {
                return $"recording '{other.Token}' already records to Storage '{target.Storage}' with Prefix '{target.Prefix}' and " +
                    $"Postfix '{target.Postfix}'; two recordings cannot share object keys, give this one its own Prefix or Postfix";
            }
        }

        return null;
    }

    private void OnGetRecordingOptions(GetRecordingOptions command)
    {
        if (!_state.Recordings.TryGetValue(command.RecordingToken, out var recording))
        {
            Reject(ControlFault.NoRecording, $"recording '{command.RecordingToken}' does not exist");
            return;
        }

        var spareJobs = Math.Max(0, Math.Min(
            _limits.MaxJobsPerRecording - _state.JobsOf(recording.Token).Count(),
            _limits.MaxRecordingJobs - _state.Jobs.Count));
        var spareTotal = Math.Max(0, _limits.MaxTracksPerRecording - recording.Tracks.Count);
        int Spare(int max, TrackType type) => Math.Max(0, Math.Min(spareTotal, max - recording.CountTracks(type)));
        Sender.Tell(new RecordingOptionsReply(
            spareJobs, spareTotal,
            Spare(_limits.MaxVideoTracks, TrackType.Video),
            Spare(_limits.MaxAudioTracks, TrackType.Audio),
            Spare(_limits.MaxMetadataTracks, TrackType.Metadata)));
    }

    private void OnOverrideSegmentDuration(OverrideSegmentDuration command)
    {
        if (!_state.Recordings.TryGetValue(command.RecordingToken, out var recording))
        {
            Reject(ControlFault.NoRecording, $"recording '{command.RecordingToken}' does not exist");
            return;
        }

        if (command.TargetSegmentDuration <= TimeSpan.Zero || command.TargetSegmentDuration > _limits.MaxOverride)
        {
            Reject(ControlFault.BadDuration, $"TargetSegmentDuration must be positive and at most {_limits.MaxOverride}");
            return;
        }

        if (command.Expiration <= TimeSpan.Zero || command.Expiration > _limits.MaxOverride)
        {
            Reject(ControlFault.BadDuration, $"Expiration must be positive and at most {_limits.MaxOverride} (seed 5.24)");
            return;
        }

        if (recording.Configuration.Target is null)
        {
            Reject(ControlFault.BadConfiguration, $"recording '{recording.Token}' has no Target, so it has no segments to override");
            return;
        }

        _overrides[recording.Token] = new SegmentDurationOverride(command.TargetSegmentDuration, Now + command.Expiration);
        Done();
        Publish(new RecordingConfigurationEvent(Now, recording.Token, Visible(recording)));
        Reelect();
    }
}
