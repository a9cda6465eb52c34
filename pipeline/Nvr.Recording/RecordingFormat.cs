namespace Nvr.Recording;

/// <summary>The Annex B recording formats (Target/Format of a recording configuration).</summary>
public enum RecordingFormat
{
    /// <summary>B.6: one span with all tracks, extension <c>mp4</c>, <c>mfra</c> last in every segment.</summary>
    Mp4,

    /// <summary>B.7: one span per track type, extensions <c>m4v</c>/<c>m4a</c>/<c>m4m</c>.</summary>
    Cmaf,
}
