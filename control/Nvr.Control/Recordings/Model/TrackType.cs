namespace Nvr.Control.Recordings.Model;

/// <summary>The kind of data a track holds (ONVIF tt:TrackType; "Extended" is not accepted by this device).</summary>
public enum TrackType
{
    Video,
    Audio,
    Metadata,
}
