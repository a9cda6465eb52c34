using Nvr.Recording.Triggers;

namespace Nvr.Control.Engine.Messages;

/// <summary>To the engine actor: a notification read from a receiver's ONVIF metadata stream.</summary>
public sealed record CameraEventReported(long Runner, CameraNotification Event);
