using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// Per-track priority election (seed 5.3.3, 5.18, Annex A) and job state aggregation (5.19, Table 3).
/// Among jobs in Active mode whose schedule (if any) exists and is active, each destination track records only for
/// the job with the highest priority; equal priorities go to the job created first. A track of an elected job is
/// Active when data flows (reported by the engine) or, while no engine reports, as soon as it is elected.
/// </summary>
public static class JobArbiter
{
    /// <summary>The elected job of every (recording, destination track) that some candidate job feeds.</summary>
    public static Election Elect(RecordingControlState state, Func<string, bool> isScheduleActive)
    {
        var resolved = new Dictionary<string, RecordingJobConfiguration>(state.Jobs.Count, StringComparer.Ordinal);
        var winners = new Dictionary<(string Recording, string Track), RecordingJob>();
        foreach (var job in state.Jobs.Values)
        {
            if (!state.Recordings.TryGetValue(job.Configuration.RecordingToken, out var recording))
            {
                continue;
            }

            var configuration = JobTrackResolver.Resolve(job.Configuration, recording);
            resolved[job.Token] = configuration;
            if (!IsCandidate(configuration, isScheduleActive))
            {
                continue;
            }

            foreach (var source in configuration.Sources)
            {
                foreach (var track in source.Tracks)
                {
                    var key = (recording.Token, track.Destination);
                    if (!winners.TryGetValue(key, out var best) || Beats(job, best))
                    {
                        winners[key] = job;
                    }
                }
            }
        }

        return new Election(winners, resolved);
    }

    public static Dictionary<string, JobStateInformation> Compute(
        RecordingControlState state,
        Election election,
        IReadOnlyDictionary<(string Job, string Destination), JobTrackState> engineStates,
        bool electedMeansActive)
    {
        var states = new Dictionary<string, JobStateInformation>(state.Jobs.Count, StringComparer.Ordinal);
        foreach (var job in state.Jobs.Values)
        {
            if (ComputeJob(job.Token, election, engineStates, electedMeansActive) is { } information)
            {
                states[job.Token] = information;
            }
        }

        return states;
    }

    /// <summary>
    /// The state of one job under <paramref name="election"/> (null: the job's recording is gone). What the engine
    /// reports changes only this, never the election: a report is folded in without electing again.
    /// </summary>
    public static JobStateInformation? ComputeJob(
        string jobToken,
        Election election,
        IReadOnlyDictionary<(string Job, string Destination), JobTrackState> engineStates,
        bool electedMeansActive)
    {
        if (!election.Resolved.TryGetValue(jobToken, out var configuration))
        {
            return null;
        }

        var sources = new List<JobSourceState>(configuration.Sources.Count);
        foreach (var source in configuration.Sources)
        {
            var tracks = new List<JobTrackState>(source.Tracks.Count);
            foreach (var track in source.Tracks)
            {
                var elected = election.Winners.TryGetValue((configuration.RecordingToken, track.Destination), out var winner) && winner.Token == jobToken;
                tracks.Add(TrackState(jobToken, track, elected, engineStates, electedMeansActive));
            }

            var reference = source.SourceToken ?? new SourceReference(string.Empty, SourceReference.ReceiverType);
            sources.Add(new JobSourceState(reference, JobStates.Aggregate(tracks.Select(t => t.State)), tracks));
        }

        return new JobStateInformation(configuration.RecordingToken, JobStates.Aggregate(sources.Select(s => s.State)), sources);
    }

    private static bool IsCandidate(RecordingJobConfiguration configuration, Func<string, bool> isScheduleActive) =>
        configuration.IsActiveMode && (configuration.ScheduleToken is null || isScheduleActive(configuration.ScheduleToken));

    private static bool Beats(RecordingJob challenger, RecordingJob holder) =>
        challenger.Configuration.Priority > holder.Configuration.Priority ||
        (challenger.Configuration.Priority == holder.Configuration.Priority && challenger.Sequence < holder.Sequence);

    private static JobTrackState TrackState(
        string job, RecordingJobTrack track, bool elected,
        IReadOnlyDictionary<(string Job, string Destination), JobTrackState> engineStates, bool electedMeansActive)
    {
        if (!elected)
        {
            return new JobTrackState(track.SourceTag, track.Destination, JobStates.Idle, null);
        }

        if (engineStates.TryGetValue((job, track.Destination), out var reported))
        {
            return reported with { SourceTag = track.SourceTag };
        }

        return new JobTrackState(track.SourceTag, track.Destination, electedMeansActive ? JobStates.Active : JobStates.Idle, null);
    }
}
