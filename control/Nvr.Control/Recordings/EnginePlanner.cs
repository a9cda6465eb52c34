using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>
/// Derives the recording engine's plans from the control state and the per-track election. Linear in recordings plus
/// jobs: the jobs are grouped by recording once (looking each recording's jobs up in all jobs made one plan at 1,000
/// cameras cost a million comparisons, and recording control plans after every command).
/// </summary>
public static class EnginePlanner
{
    public static List<RecordingPlan> Plan(
        RecordingControlState state, Election election, Func<Model.Recording, RecordingConfiguration> configurationOf)
    {
        var (winners, resolved) = (election.Winners, election.Resolved);
        var jobsByRecording = new Dictionary<string, List<RecordingJob>>(state.Recordings.Count, StringComparer.Ordinal);
        foreach (var job in state.Jobs.Values) // in token order, as before
        {
            if (!jobsByRecording.TryGetValue(job.Configuration.RecordingToken, out var jobs))
            {
                jobs = [];
                jobsByRecording[job.Configuration.RecordingToken] = jobs;
            }

            jobs.Add(job);
        }

        var plans = new List<RecordingPlan>();
        foreach (var recording in state.Recordings.Values)
        {
            if (!jobsByRecording.TryGetValue(recording.Token, out var jobsOfRecording))
            {
                continue;
            }

            var sources = new List<SourcePlan>();
            foreach (var job in jobsOfRecording)
            {
                if (!resolved.TryGetValue(job.Token, out var configuration))
                {
                    continue;
                }

                foreach (var source in configuration.Sources)
                {
                    var won = source.Tracks
                        .Where(t => winners.TryGetValue((recording.Token, t.Destination), out var winner) && winner.Token == job.Token)
                        .ToList();
                    if (won.Count > 0 && source.SourceToken is { IsReceiver: true } reference &&
                        state.Receivers.TryGetValue(reference.Token, out var receiver))
                    {
                        sources.Add(new SourcePlan(job.Token, receiver.Token, receiver.Configuration, won) { EventFilter = configuration.EventFilter });
                    }
                }
            }

            if (sources.Count > 0)
            {
                plans.Add(new RecordingPlan(recording.Token, configurationOf(recording), recording.Tracks, sources));
            }
        }

        return plans;
    }
}
