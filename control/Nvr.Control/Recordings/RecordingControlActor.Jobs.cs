using Akka.Actor;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Recording job commands: create (with AutoCreateReceiver), delete, list, configure, mode, state.</summary>
public sealed partial class RecordingControlActor
{
    private void RegisterJobCommands()
    {
        Command<CreateRecordingJob>(OnCreateRecordingJob);
        Command<DeleteRecordingJob>(OnDeleteRecordingJob);
        Command<GetRecordingJobs>(_ => Sender.Tell(new RecordingJobsReply(_state.Jobs.Values.ToList())));
        Command<SetRecordingJobConfiguration>(OnSetRecordingJobConfiguration);
        Command<GetRecordingJobConfiguration>(c =>
        {
            if (FindJob(c.JobToken) is { } job)
            {
                Sender.Tell(new JobConfigurationReply(job.Configuration));
            }
        });
        Command<SetRecordingJobMode>(OnSetRecordingJobMode);
        Command<GetRecordingJobState>(c =>
        {
            if (FindJob(c.JobToken) is not null)
            {
                Sender.Tell(new JobStateReply(_jobStates[c.JobToken]));
            }
        });
    }

    private RecordingJob? FindJob(string token)
    {
        if (_state.Jobs.TryGetValue(token, out var job))
        {
            return job;
        }

        Reject(ControlFault.NoRecordingJob, $"recording job '{token}' does not exist");
        return null;
    }

    private void OnCreateRecordingJob(CreateRecordingJob command)
    {
        if (RecordingJobRules.Validate(command.Configuration, _state, _limits) is { } rejected)
        {
            Sender.Tell(rejected);
            return;
        }

        var recordingToken = command.Configuration.RecordingToken;
        if (_state.Jobs.Count >= _limits.MaxRecordingJobs || _state.JobsOf(recordingToken).Count() >= _limits.MaxJobsPerRecording)
        {
            Reject(ControlFault.MaxRecordingJobs,
                $"at most {_limits.MaxRecordingJobs} recording jobs in all and {_limits.MaxJobsPerRecording} per recording are supported");
            return;
        }

        if (!TryAutoCreateReceivers(command.Configuration, out var events, out var withReceivers))
        {
            return;
        }

        var configuration = JobTrackResolver.Resolve(withReceivers, _state.Recordings[recordingToken]);
        var token = _state.NextJobToken;
        events.Add(new JobCreated(token, configuration));
        Commit(events, () => Sender.Tell(new JobCreatedReply(token, configuration)));
    }

    /// <summary>Creates an empty receiver for every source that asks for one (seed 5.3.3 AutoCreateReceiver).</summary>
    private bool TryAutoCreateReceivers(RecordingJobConfiguration configuration, out List<IControlEvent> events, out RecordingJobConfiguration result)
    {
        events = [];
        result = configuration;
        var created = 0L;
        var sources = new List<RecordingJobSource>(configuration.Sources.Count);
        foreach (var source in configuration.Sources)
        {
            if (source.SourceToken is not null)
            {
                sources.Add(source with { AutoCreateReceiver = null });
                continue;
            }

            if (_state.Receivers.Count + created >= _limits.MaxReceivers)
            {
                Reject(ControlFault.MaxReceivers, $"the receiver service already has the maximum of {_limits.MaxReceivers} receivers");
                return false;
            }

            var token = $"RCV{_state.ReceiversCreated + created + 1:D4}";
            created++;
            events.Add(new ReceiverCreated(token, true, ReceiverConfiguration.Empty));
            sources.Add(new RecordingJobSource(new SourceReference(token, SourceReference.ReceiverType), null, source.Tracks));
        }

        result = configuration with { Sources = sources };
        return true;
    }

    private void OnDeleteRecordingJob(DeleteRecordingJob command)
    {
        if (FindJob(command.JobToken) is null)
        {
            return;
        }

        var deleted = new JobDeleted(command.JobToken);
        var events = new List<IControlEvent> { deleted };
        events.AddRange(OrphanedReceivers(_state.Apply(deleted)));
        Commit(events, Done);
    }

    private void OnSetRecordingJobConfiguration(SetRecordingJobConfiguration command)
    {
        if (FindJob(command.JobToken) is not { } job)
        {
            return;
        }

        if (command.Configuration.RecordingToken != job.Configuration.RecordingToken)
        {
            Reject(ControlFault.BadConfiguration,
                $"the RecordingToken of a job cannot be changed (job '{job.Token}' records to '{job.Configuration.RecordingToken}')");
            return;
        }

        if (RecordingJobRules.Validate(command.Configuration, _state, _limits) is { } rejected)
        {
            Sender.Tell(rejected);
            return;
        }

        if (!TryAutoCreateReceivers(command.Configuration, out var events, out var configuration))
        {
            return;
        }

        var after = _state;
        foreach (var e in events)
        {
            after = after.Apply(e);
        }

        var configured = new JobConfigured(job.Token, configuration);
        events.Add(configured);
        events.AddRange(OrphanedReceivers(after.Apply(configured)));
        Commit(events, () =>
        {
            Sender.Tell(new JobConfigurationReply(configuration));
            Publish(new RecordingJobConfigurationEvent(Now, job.Token, configuration));
        });
    }

    private void OnSetRecordingJobMode(SetRecordingJobMode command)
    {
        if (FindJob(command.JobToken) is not { } job)
        {
            return;
        }

        if (command.Mode is not (RecordingJobConfiguration.Idle or RecordingJobConfiguration.Active))
        {
            Reject(ControlFault.BadMode, $"Mode '{command.Mode}' is invalid: only Idle and Active are allowed");
            return;
        }

        // 5.18: equivalent to reading the configuration and writing it back with another mode.
        var configuration = job.Configuration with { Mode = command.Mode };
        Commit(new JobConfigured(job.Token, configuration), () =>
        {
            Done();
            Publish(new RecordingJobConfigurationEvent(Now, job.Token, configuration));
        });
    }
}
