namespace Nvr.Codecs.Mp4.Reading;

/// <summary>
/// The protection scheme of a track read from its <c>sinf</c> (ISO/IEC 23001-7): scheme <c>cenc</c> or <c>cbcs</c>,
/// default KID, per-sample IV size, constant IV (cbcs) and pattern (crypt:skip blocks).
/// </summary>
public sealed record Fmp4Protection(string Scheme, byte[] KeyId, int PerSampleIvSize, byte[] ConstantIv, int CryptBlocks, int SkipBlocks);

/// <summary>
/// One track of a fragmented MP4 as its <c>moov</c> describes it. <see cref="Format"/> is the original sample entry
/// type (<c>avc1</c>, <c>hvc1</c>, <c>mp4a</c>, <c>ulaw</c>, <c>alaw</c>, <c>metx</c>) also for protected entries
/// (<c>frma</c>); <see cref="CodecConfiguration"/> is the avcC/hvcC body or the AAC AudioSpecificConfig.
/// </summary>
public sealed record Fmp4Track(
    uint TrackId,
    string Handler,
    uint Timescale,
    string Format,
    byte[] CodecConfiguration,
    int Width,
    int Height,
    int SampleRate,
    int Channels,
    Fmp4Protection? Protection);

/// <summary>A subsample of a protected sample: clear bytes then protected bytes.</summary>
public readonly record struct Fmp4Subsample(int ClearBytes, int ProtectedBytes);

/// <summary>
/// One sample of a fragment: track index (into <see cref="Fmp4File.Tracks"/>), decode time in the track timescale
/// (from <c>tfdt</c> plus the durations before it), duration, composition offset, key frame flag, and its bytes'
/// place in the file; <see cref="Iv"/> and <see cref="Subsamples"/> come from <c>senc</c> when the track is protected.
/// </summary>
public sealed record Fmp4Sample(
    int TrackIndex,
    long Dts,
    long Duration,
    int CompositionOffset,
    bool IsSync,
    int Offset,
    int Length,
    byte[] Iv,
    Fmp4Subsample[] Subsamples);
