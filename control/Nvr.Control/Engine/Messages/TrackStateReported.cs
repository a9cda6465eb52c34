using Nvr.Recording;

namespace Nvr.Control.Engine.Messages;

/// <summary>Internal to the recording engine: A runner saw a destination track start, fail or stop.</summary>
public sealed record TrackStateReported(long Runner, string JobToken, string Destination, TrackRecordingState State, string? Error);
