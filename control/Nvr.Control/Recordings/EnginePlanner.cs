using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Derives the recording engine's plans from the control state and the per-track election.</summary>
public static class EnginePlanner
{
    public static List<RecordingPlan> Plan(
        RecordingControlState state, Election election, Func<Model.Recording, RecordingConfiguration> configurationOf)
    {
        var (winners, resolved) = (election.Winners, election.Resolved);
        var plans = new List<RecordingPlan>();
        foreach (var recording in state.Recordings.Values)
        {
            var sources = new List<SourcePlan>();
            foreach (var job in state.JobsOf(recording.Token))
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
