namespace Nvr.Storage.Keys;

/// <summary>
/// The span types of ONVIF Annex B: one span with all tracks for format MP4 (B.6), or one span per
/// track type for format CMAF (B.7). Each kind has its own object key extension.
/// </summary>
public enum SpanKind
{
    /// <summary>Format MP4, all tracks in one span; extension <c>mp4</c>.</summary>
    Mp4,

    /// <summary>Format CMAF, video span; extension <c>m4v</c>.</summary>
    CmafVideo,

    /// <summary>Format CMAF, audio span; extension <c>m4a</c>.</summary>
    CmafAudio,

    /// <summary>Format CMAF, metadata span; extension <c>m4m</c>.</summary>
    CmafMetadata,
}
