using Nvr.Recording.Triggers;

namespace Nvr.Control.Engine.Messages;

/// <summary>
/// To the engine actor: a notification read from a receiver's ONVIF metadata stream; when it came through a
/// recording's source, <see cref="RecordingToken"/> and the metadata tracks recording that stream (where it is stored).
/// </summary>
public sealed record CameraEventReported(long Runner, CameraNotification Event, string? RecordingToken = null, IReadOnlyList<string>? MetadataTracks = null);
