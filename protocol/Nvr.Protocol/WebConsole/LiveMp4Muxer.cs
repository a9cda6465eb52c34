using System.Buffers;
using Nvr.Codecs;
using Nvr.Codecs.Fmp4;
using Nvr.Pipeline.RtspServer;

namespace Nvr.Protocol.WebConsole;

/// <summary>
/// Turns the live relay's video frames into one endless fragmented MP4 for Media Source Extensions: an init
/// segment (<c>ftyp</c> + <c>moov</c>) and then one <c>moof</c>/<c>mdat</c> per frame, written by the codecs'
/// <see cref="Mp4SegmentWriter"/> (fragment duration of one tick, so a frame is written as soon as the next one fixes
/// its duration). The writer starts a new segment every <see cref="SegmentDuration"/> at a key frame (bounding its
/// random-access index); the <c>mfra</c> it then writes is left out (MSE needs none) and the repeated init segment is
/// what MSE expects at a segment start. Decode times run from 0 at the first key frame on the camera's RTP clock.
/// Steady state allocates nothing: a frame's NAL units are copied into pooled buffers the writer releases once the
/// frame is written, and the bytes go to a reused <see cref="ArrayBufferWriter{T}"/>. Not thread-safe.
/// </summary>
public sealed class LiveMp4Muxer : ISegmentOutput, IDisposable
{
    public static readonly TimeSpan SegmentDuration = TimeSpan.FromSeconds(10);
    private const int H264NalTypeMask = 0x1F;
    private readonly MediaCodec _codec;
    private readonly ReadOnlyMemory<byte> _configuration;
    private readonly Stack<FrameBuffer> _free = new();
    private readonly ArrayBufferWriter<byte> _output = new(64 << 10);
    private ReadOnlyMemory<byte>[] _units = new ReadOnlyMemory<byte>[16];
    private Mp4SegmentWriter? _writer;
    private long _firstTimestamp;

    /// <param name="codec">H.264 or H.265.</param>
    /// <param name="configuration">The served stream's avcC record (its SPS/PPS are used when a key frame carries none in band).</param>
    public LiveMp4Muxer(MediaCodec codec, ReadOnlyMemory<byte> configuration)
    {
        if (!codec.IsNalVideo())
        {
            throw new ArgumentException("live view is H.264 or H.265 video", nameof(codec));
        }

        _codec = codec;
        _configuration = configuration;
    }

    /// <summary>The MSE type of the stream (<c>video/mp4; codecs="…"</c>), known once the first key frame started it.</summary>
    public string? MimeType => _writer?.ContentType;

    /// <summary>Frames the writer refused (non-increasing times, before the first key frame).</summary>
    public long DroppedFrames => _writer?.DroppedSamples ?? 0;

    /// <summary>Bytes to send, written by the last <see cref="Add"/>; call <see cref="Sent"/> once they are sent.</summary>
    public ReadOnlyMemory<byte> Pending => _output.WrittenMemory;

    /// <summary>The pending bytes were sent: the buffer is reused.</summary>
    public void Sent() => _output.ResetWrittenCount();

    /// <summary>
    /// Adds a video frame (NAL units in <see cref="ServedFrame.Units"/>). Frames before the first key frame with
    /// complete parameter sets are skipped. Returns true when the muxer has started (bytes may be pending).
    /// </summary>
    public bool Add(in ServedFrame frame)
    {
        var units = frame.Units.Span;
        if (_writer is null)
        {
            if (!frame.IsCleanPoint || Track(frame) is not { } track)
            {
                return false;
            }

            _writer = new Mp4SegmentWriter([track], this, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromTicks(1), SegmentDuration = SegmentDuration });
            _firstTimestamp = frame.SourceRtpTimestamp >= 0 ? frame.SourceRtpTimestamp : Clock90k(frame.Utc.Ticks);
            _writer.SetUtcAnchor(0, 0, frame.Utc);
        }

        var buffer = Rent(frame.Payload.Length);
        frame.Payload.Span.CopyTo(buffer.Bytes);
        if (_units.Length < units.Length)
        {
            _units = new ReadOnlyMemory<byte>[units.Length * 2];
        }

        for (int i = 0; i < units.Length; i++)
        {
            _units[i] = buffer.Bytes.AsMemory(units[i].Offset, units[i].Length);
        }

        var dts = (frame.SourceRtpTimestamp >= 0 ? frame.SourceRtpTimestamp : Clock90k(frame.Utc.Ticks)) - _firstTimestamp;
        _writer.AddSample(0, dts, 0, frame.IsCleanPoint, _units.AsSpan(0, units.Length), buffer);
        _units.AsSpan(0, units.Length).Clear();
        return true;
    }

    public void BeginSegment(SegmentStarted segment)
    {
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        if (pieces.Count > 0 && pieces[0].Length >= 8 && pieces[0].Span.Slice(4, 4).SequenceEqual("mfra"u8))
        {
            return; // the closed segment's random-access index
        }

        for (int i = 0; i < pieces.Count; i++)
        {
            pieces[i].Span.CopyTo(_output.GetSpan(pieces[i].Length));
            _output.Advance(pieces[i].Length);
        }
    }

    public void EndSegment(SegmentEnded segment)
    {
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writer = null;
    }

    private static long Clock90k(long ticks) => ticks / (TimeSpan.TicksPerSecond / 1000) * 90;

    private FrameBuffer Rent(int length)
    {
        var buffer = _free.Count > 0 ? _free.Pop() : new FrameBuffer(this);
        if (buffer.Bytes.Length < length)
        {
            buffer.Bytes = new byte[Math.Max(length, buffer.Bytes.Length * 2)];
        }

        return buffer;
    }

    /// <summary>The track of the first key frame: its in-band parameter sets, else those of the stream's avcC.</summary>
    private TrackDescription? Track(in ServedFrame frame)
    {
        ReadOnlyMemory<byte> vps = default, sps = default, pps = default;
        foreach (var range in frame.Units.Span)
        {
            var nal = frame.Payload.Slice(range.Offset, range.Length);
            if (nal.Length < 2)
            {
                continue;
            }

            var type = _codec == MediaCodec.H264 ? nal.Span[0] & H264NalTypeMask : (nal.Span[0] >> 1) & 0x3F;
            switch (_codec, type)
            {
                case (MediaCodec.H264, 7) or (MediaCodec.H265, 33): sps = nal.ToArray(); break;
                case (MediaCodec.H264, 8) or (MediaCodec.H265, 34): pps = nal.ToArray(); break;
                case (MediaCodec.H265, 32): vps = nal.ToArray(); break;
            }
        }

        if (_codec == MediaCodec.H264 && (sps.IsEmpty || pps.IsEmpty) && AvcParameterSets(_configuration.Span) is { } sets)
        {
            (sps, pps) = sets;
        }

        try
        {
            return _codec switch
            {
                MediaCodec.H264 when !sps.IsEmpty && !pps.IsEmpty => TrackDescription.ForH264(sps, [pps]),
                MediaCodec.H265 when !vps.IsEmpty && !sps.IsEmpty && !pps.IsEmpty => TrackDescription.ForH265(vps, sps, pps),
                _ => null,
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or IndexOutOfRangeException)
        {
            return null; // an SPS the parser cannot read: wait for the next key frame
        }
    }

    /// <summary>The first SPS and PPS of an AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1).</summary>
    public static (byte[] Sps, byte[] Pps)? AvcParameterSets(ReadOnlySpan<byte> avcC)
    {
        if (avcC.Length < 7)
        {
            return null;
        }

        int at = 5;
        int spsCount = avcC[at++] & 0x1F;
        byte[]? sps = null;
        for (int i = 0; i < spsCount; i++)
        {
            if (at + 2 > avcC.Length || at + 2 + ((avcC[at] << 8) | avcC[at + 1]) > avcC.Length)
            {
                return null;
            }

            int length = (avcC[at] << 8) | avcC[at + 1];
            sps ??= avcC.Slice(at + 2, length).ToArray();
            at += 2 + length;
        }

        if (at >= avcC.Length || sps is null)
        {
            return null;
        }

        int ppsCount = avcC[at++];
        if (ppsCount == 0 || at + 2 > avcC.Length)
        {
            return null;
        }

        int ppsLength = (avcC[at] << 8) | avcC[at + 1];
        return at + 2 + ppsLength > avcC.Length ? null : (sps, avcC.Slice(at + 2, ppsLength).ToArray());
    }

    /// <summary>A frame's bytes while the writer holds them; back to the free list once written or dropped.</summary>
    private sealed class FrameBuffer(LiveMp4Muxer owner) : IDisposable
    {
        public byte[] Bytes { get; set; } = new byte[64 << 10];

        public void Dispose() => owner._free.Push(this);
    }
}
