using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Mp4;

/// <summary>One track of a fragmented MP4 file as its <c>moov</c> describes it (read by <see cref="FragmentedMp4Reader"/>).</summary>
/// <param name="TrackId">tkhd track_ID.</param>
/// <param name="Kind">From the handler (vide/soun/meta).</param>
/// <param name="Codec">From the sample entry (the original format of an encv/enca entry); null when unknown.</param>
/// <param name="Timescale">mdhd timescale.</param>
/// <param name="CodecConfiguration">avcC / hvcC body, or the AAC AudioSpecificConfig; empty otherwise.</param>
/// <param name="Encrypted">The sample entry is encv/enca (CENC protected samples).</param>
public sealed record Mp4TrackInfo(
    uint TrackId,
    TrackKind Kind,
    MediaCodec? Codec,
    uint Timescale,
    ReadOnlyMemory<byte> CodecConfiguration,
    int Width,
    int Height,
    int Channels,
    int SampleRate,
    bool Encrypted);

/// <summary>One sample of a fragmented MP4 file: where its bytes are and its decode time in the track's timescale.</summary>
/// <param name="TrackId">The track.</param>
/// <param name="Dts">Decode time (tfdt base + preceding durations), track timescale.</param>
/// <param name="CompositionOffset">trun sample_composition_time_offset.</param>
/// <param name="Duration">trun/trex sample duration.</param>
/// <param name="IsSync">A random access point (non-video samples always are).</param>
/// <param name="Offset">Byte offset of the sample in the file.</param>
/// <param name="Size">Byte size.</param>
public readonly record struct Mp4Sample(uint TrackId, long Dts, int CompositionOffset, long Duration, bool IsSync, int Offset, int Size);
