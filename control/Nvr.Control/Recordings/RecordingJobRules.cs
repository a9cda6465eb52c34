using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Validates a recording job configuration against the current state (seed 5.3.3, 5.13, 5.16).</summary>
public static class RecordingJobRules
{
    /// <summary>Returns null when valid, else the fault and a reason.</summary>
    public static CommandRejected? Validate(RecordingJobConfiguration configuration, RecordingControlState state, ControlLimits limits)
    {
        if (!state.Recordings.TryGetValue(configuration.RecordingToken, out var recording))
        {
            return new CommandRejected(ControlFault.NoRecording, $"recording '{configuration.RecordingToken}' does not exist");
        }

        if (configuration.Mode is not (RecordingJobConfiguration.Idle or RecordingJobConfiguration.Active))
        {
            return Bad($"Mode '{configuration.Mode}' is invalid: only Idle and Active are allowed");
        }

        if (configuration.Priority < 0)
        {
            return Bad("Priority must be a non-negative number");
        }

        if (configuration.EventFilter is { } filter && EventFilterError(filter, limits) is { } filterError)
        {
            return Bad(filterError);
        }

        if (configuration.Sources.Count == 0)
        {
            return Bad("the job needs at least one Source with a SourceToken or AutoCreateReceiver set to true");
        }

        var destinations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in configuration.Sources)
        {
            if (SourceError(source, state) is { } sourceError)
            {
                return Bad(sourceError);
            }

            foreach (var track in source.Tracks)
            {
                if (recording.FindTrack(track.Destination) is null)
                {
                    return Bad($"Destination track '{track.Destination}' is not a track of recording '{recording.Token}'");
                }

                if (!destinations.Add(track.Destination))
                {
                    return Bad($"Destination track '{track.Destination}' is fed by more than one source track of this job");
                }
            }
        }

        return null;
    }

    private static string? SourceError(RecordingJobSource source, RecordingControlState state)
    {
        if (source.SourceToken is { } token)
        {
            if (!token.IsReceiver)
            {
                return token.Type == SourceReference.ProfileType
                    ? "media profile sources are not supported: this device has no media service (use a receiver)"
                    : $"SourceToken Type '{token.Type}' is unknown";
            }

            if (!state.Receivers.ContainsKey(token.Token))
            {
                return $"receiver '{token.Token}' does not exist";
            }

            return null;
        }

        return source.AutoCreateReceiver == true ? null : "a Source needs a SourceToken or AutoCreateReceiver set to true";
    }

    /// <summary>Seed 5.3.4: usable topic and source filters, Before/After within the advertised limits.</summary>
    private static string? EventFilterError(RecordingEventFilter filter, ControlLimits limits)
    {
        if (filter.Before is { } before && (before < TimeSpan.Zero || before > limits.BeforeEventLimit))
        {
            return $"EventFilter Before {System.Xml.XmlConvert.ToString(before)} is outside 0..{System.Xml.XmlConvert.ToString(limits.BeforeEventLimit)} (BeforeEventLimit)";
        }

        if (filter.After is { } after && (after < TimeSpan.Zero || after > limits.AfterEventLimit))
        {
            return $"EventFilter After {System.Xml.XmlConvert.ToString(after)} is outside 0..{System.Xml.XmlConvert.ToString(limits.AfterEventLimit)} (AfterEventLimit)";
        }

        return filter.TryCompile(out var error) is null ? error : null;
    }

    private static CommandRejected Bad(string reason) => new(ControlFault.BadConfiguration, reason);
}
