namespace Nvr.Control.Recordings.Messages;

/// <summary>Marker for the events the recording control actor persists (serialized with stable manifests).</summary>
public interface IControlEvent;
