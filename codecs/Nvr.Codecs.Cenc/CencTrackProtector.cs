using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using Nvr.Codecs.Cenc.Boxes;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Video;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Cenc;

/// <summary>
/// Common Encryption of one track (ISO/IEC 23001-7, ONVIF Annex B.8) for the segment writers, through
/// <see cref="ITrackProtector"/>.
/// <list type="bullet">
/// <item><c>cenc</c>: 8-byte per-sample IVs. <see cref="BeginSegment"/> draws a fresh random 64-bit IV for the
///   segment; each sample takes the next value. Because the per-sample block counter lives in the low 64 bits of the
///   counter block, no two samples (of any segment) share a counter block unless the random draws collide.</item>
/// <item><c>cbcs</c>: a fresh random 16-byte constant IV per segment in <c>tenc</c>; video with the 1:9 pattern, audio
///   and metadata with whole-block encryption (pattern 0:0).</item>
/// </list>
/// <see cref="Reconfigure"/> takes effect at the next <see cref="BeginSegment"/>: the open segment finishes with the
/// old scheme and key. Steady-state fragments allocate nothing. Not thread-safe (one writer calls it).
/// </summary>
public sealed class CencTrackProtector : ITrackProtector, IDisposable
{
    private readonly MediaCodec _codec;
    private readonly bool _allowAesNi;
    private readonly FragmentEncryptionPlan _plan = new();
    private readonly byte[] _constantIv = new byte[16];
    private readonly ISliceHeaderMeasurer? _sliceHeaders;
    private EncryptionScheme _scheme;
    private ContentKey _key;
    private CencCipher _cipher;
    private (EncryptionScheme Scheme, ContentKey Key)? _pending;
    private TrackEncryptionDefaults? _defaults;
    private ulong _nextIv;
    private long _malformedSamples;

    /// <summary>Creates a protector for one track.</summary>
    /// <param name="scheme">cenc or cbcs.</param>
    /// <param name="key">Content key and KID.</param>
    /// <param name="codec">The track's codec: H.264/H.265 get NAL subsamples, audio and metadata whole samples.</param>
    /// <param name="allowAesNi">False forces the BCL AES path.</param>
    /// <param name="parameterSets">
    /// SPS/PPS (H.264) or VPS/SPS/PPS (H.265) NAL units known out of band (SDP, avcC/hvcC), so slice headers are
    /// measured and kept clear from the first frame; in-band parameter sets are learned as they pass.
    /// </param>
    public CencTrackProtector(
        EncryptionScheme scheme,
        ContentKey key,
        MediaCodec codec,
        bool allowAesNi = true,
        IReadOnlyList<ReadOnlyMemory<byte>>? parameterSets = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        _scheme = scheme;
        _key = key;
        _codec = codec;
        _allowAesNi = allowAesNi;
        _cipher = new CencCipher(key.Key, allowAesNi);
        _sliceHeaders = codec switch
        {
            MediaCodec.H264 => new H264SliceHeaderReader(),
            MediaCodec.H265 => new H265SliceHeaderReader(),
            _ => null,
        };
        if (_sliceHeaders is not null)
        {
            if (parameterSets is not null)
            {
                foreach (ReadOnlyMemory<byte> ps in parameterSets)
                {
                    _sliceHeaders.Learn(ps.Span);
                }
            }
        }
    }

    /// <summary>The scheme of the current segment.</summary>
    public EncryptionScheme Scheme => _scheme;

    /// <summary>The key of the current segment.</summary>
    public ContentKey Key => _key;

    /// <summary>Samples whose NAL length fields ran past the sample end (mapped fully protected, counted here).</summary>
    public long MalformedSamples => Interlocked.Read(ref _malformedSamples);

    /// <summary>
    /// Slice NAL units (H.264 or H.265) whose slice header could not be measured (unknown or unsupported parameter
    /// sets, corrupt header): each was left wholly clear rather than risk encrypting its header.
    /// </summary>
    public long UnmeasuredSliceHeaders => _sliceHeaders?.UnmeasuredSlices ?? 0;

    private bool IsVideo => _codec.IsNalVideo();

    private int PerSampleIvSize => _scheme == EncryptionScheme.Cenc ? 8 : 0;

    /// <summary>
    /// A protector for the track <paramref name="description"/> describes: its codec decides the subsamples, and the
    /// parameter sets of its <c>avcC</c>/<c>hvcC</c> are learned up front.
    /// </summary>
    public static CencTrackProtector ForTrack(EncryptionScheme scheme, ContentKey key, TrackDescription description, bool allowAesNi = true)
    {
        ArgumentNullException.ThrowIfNull(description);
        MediaCodec codec = description.Codec;
        List<ReadOnlyMemory<byte>>? parameterSets = codec switch
        {
            MediaCodec.H264 => DecoderConfigurationParameterSets.FromAvcC(description.CodecConfiguration),
            MediaCodec.H265 => DecoderConfigurationParameterSets.FromHvcC(description.CodecConfiguration),
            _ => null,
        };
        return new CencTrackProtector(scheme, key, codec, allowAesNi, parameterSets);
    }

    /// <summary>Changes scheme and key from the next segment on (ONVIF B.8 reconfiguration).</summary>
    public void Reconfigure(EncryptionScheme scheme, ContentKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _pending = (scheme, key);
    }

    /// <inheritdoc />
    public void BeginSegment()
    {
        if (_pending is { } p)
        {
            _pending = null;
            if (!p.Key.Equals(_key))
            {
                _cipher.Dispose();
                _cipher = new CencCipher(p.Key.Key, _allowAesNi);
            }

            _scheme = p.Scheme;
            _key = p.Key;
        }

        Span<byte> iv = stackalloc byte[8];
        RandomNumberGenerator.Fill(iv);
        _nextIv = BinaryPrimitives.ReadUInt64BigEndian(iv);
        RandomNumberGenerator.Fill(_constantIv);
        bool cbcsVideo = _scheme == EncryptionScheme.Cbcs && IsVideo;
        _defaults = new TrackEncryptionDefaults(
            _scheme,
            _key.KeyId,
            (byte)PerSampleIvSize,
            cbcsVideo ? (byte)1 : (byte)0,
            cbcsVideo ? (byte)9 : (byte)0,
            _scheme == EncryptionScheme.Cbcs ? (byte[])_constantIv.Clone() : ReadOnlyMemory<byte>.Empty);
    }

    /// <inheritdoc />
    public void WriteProtectionSchemeInfo(BoxWriter writer, ReadOnlySpan<byte> originalFormat) =>
        CencBoxes.WriteSinf(writer, originalFormat, Defaults());

    /// <inheritdoc />
    public void WriteProtectionSystemHeaders(BoxWriter writer) =>
        CencBoxes.WritePssh(writer, [Defaults().KeyId]);

    /// <inheritdoc />
    public void EncryptFragment(in FragmentSamples samples, IBufferWriter<byte> output)
    {
        TrackEncryptionDefaults defaults = Defaults();
        int total = checked((int)samples.TotalSize);
        Span<byte> dst = output.GetSpan(total)[..total];
        _plan.Reset();
        int lengthSize = samples.NalLengthSize;
        bool subsamples = IsVideo && lengthSize > 0;
        int pos = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            int start = pos;
            foreach (ReadOnlyMemory<byte> unit in samples.GetUnits(i))
            {
                ReadOnlySpan<byte> u = unit.Span;
                if (lengthSize == 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(dst.Slice(pos, 4), (uint)u.Length);
                }
                else if (lengthSize != 0)
                {
                    ThrowLengthSize(lengthSize);
                }

                pos += lengthSize;
                u.CopyTo(dst.Slice(pos, u.Length));
                pos += u.Length;
            }

            int size = pos - start;
            if (size != samples.GetSampleSize(i))
            {
                ThrowSizeMismatch(i, size, samples.GetSampleSize(i));
            }

            _plan.AddSample(start, size, _scheme == EncryptionScheme.Cenc ? _nextIv++ : 0);
            if (subsamples && !NalSubsampleMapper.Map(dst.Slice(start, size), lengthSize, _codec, _scheme, _plan, _sliceHeaders))
            {
                Interlocked.Increment(ref _malformedSamples);
            }
        }

        if (pos != total)
        {
            ThrowSizeMismatch(-1, pos, total);
        }

        if (_scheme == EncryptionScheme.Cenc)
        {
            _cipher.EncryptCtr(dst, _plan);
        }
        else
        {
            _cipher.EncryptCbcs(dst, _plan, defaults.ConstantIv.Span, defaults.CryptByteBlock, defaults.SkipByteBlock);
        }

        output.Advance(total);
    }

    /// <inheritdoc />
    public void WriteSampleEncryptionBoxes(BoxWriter writer, int moofStart)
    {
        bool subsamples = _plan.SubsampleCount > 0;
        if (!subsamples && PerSampleIvSize == 0)
        {
            // cbcs audio/metadata: constant IV from tenc, whole samples: no per-sample information to carry.
            return;
        }

        int firstInfo = CencBoxes.WriteSenc(writer, _plan, PerSampleIvSize, subsamples);
        CencBoxes.WriteSaiz(writer, _plan, PerSampleIvSize, subsamples);
        CencBoxes.WriteSaio(writer, checked((uint)(firstInfo - moofStart)));
    }

    /// <inheritdoc />
    public void Dispose() => _cipher.Dispose();

    private TrackEncryptionDefaults Defaults() =>
        _defaults ?? throw new InvalidOperationException("BeginSegment must be called before a segment is written.");

    private static void ThrowLengthSize(int size) =>
        throw new NotSupportedException($"NAL length fields of {size} bytes are not written by the segment writers (expected 4).");

    private static void ThrowSizeMismatch(int index, int actual, int expected) =>
        throw new InvalidOperationException($"Sample {index}: units add up to {actual} bytes, the writer announced {expected}.");
}
