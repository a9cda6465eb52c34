namespace Nvr.Storage.Index;

/// <summary>
/// The codec parameters of one recorded track, as the segment writer set the track up (plain values, no wire format).
/// </summary>
/// <param name="Codec">Codec name, one of <see cref="TrackCodecs"/> (stable: persisted in the index).</param>
/// <param name="Width">Video: displayed width in pixels.</param>
/// <param name="Height">Video: displayed height in pixels.</param>
/// <param name="FrameRate">Video: average frames per second.</param>
/// <param name="SampleRate">Audio: samples per second (Hz).</param>
/// <param name="Channels">Audio: channel count.</param>
/// <param name="BitrateKbps">Bitrate in kbit/s when the codec fixes it (G.711), else null.</param>
public sealed record TrackParameters(
    string Codec,
    int? Width = null,
    int? Height = null,
    double? FrameRate = null,
    int? SampleRate = null,
    int? Channels = null,
    int? BitrateKbps = null);

/// <summary>The parameters of a track in force from <paramref name="From"/> on (until the next change).</summary>
/// <param name="Recording">Recording token.</param>
/// <param name="Track">Track token.</param>
/// <param name="From">UTC start of the first segment written with these parameters.</param>
/// <param name="Parameters">The codec parameters.</param>
public sealed record TrackParametersChange(string Recording, string Track, DateTimeOffset From, TrackParameters Parameters);

/// <summary>The codec names of <see cref="TrackParameters.Codec"/>.</summary>
public static class TrackCodecs
{
    public const string H264 = "H264";
    public const string H265 = "H265";
    public const string Aac = "AAC";
    public const string Pcmu = "PCMU";
    public const string Pcma = "PCMA";
}
