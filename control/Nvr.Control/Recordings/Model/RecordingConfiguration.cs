namespace Nvr.Control.Recordings.Model;

/// <summary>The configuration of a recording (ONVIF tt:RecordingConfiguration).</summary>
public sealed record RecordingConfiguration(
    RecordingSource Source,
    string Content,
    TimeSpan MaximumRetentionTime,
    RecordingTarget? Target);
