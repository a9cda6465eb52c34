using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Tests;

/// <summary>Configurations used across the control-plane tests.</summary>
internal static class ControlFixtures
{
    public static RecordingConfiguration CameraRecording(string name = "camera") =>
        new(new RecordingSource("urn:cam:1", name, "hall", "front door", "http://127.0.0.1/onvif"), "content", TimeSpan.FromHours(1), null);

    public static RecordingJobConfiguration AutoJob(string recording, string mode, int priority, params string[] destinations) =>
        new(recording, mode, priority,
            [new RecordingJobSource(null, true, destinations.Select(d => new RecordingJobTrack(d.ToLowerInvariant(), d)).ToList())],
            null, null);

    public static string TempDatabase() => Path.Combine(Path.GetTempPath(), $"nvr-control-{Guid.NewGuid():N}.db");
}
