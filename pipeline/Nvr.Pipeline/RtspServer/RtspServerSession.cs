using System.Security.Cryptography;
using Nvr.Pipeline.Packetizers;

namespace Nvr.Pipeline.RtspServer;

/// <summary>One RTSP session of the server: the source, the streams set up on it (channels, packetizers) and its playback.</summary>
internal sealed class RtspServerSession
{
    private readonly TimeProvider _time;
    private long _lastActivity;

    public RtspServerSession(string id, string path, IRtspMediaSource source, TimeProvider time)
    {
        Id = id;
        Path = path;
        Source = source;
        _time = time;
        Streams = new SessionStream?[source.Streams.Count];
        Touch();
    }

    public string Id { get; }

    /// <summary>The presentation path the session was set up for.</summary>
    public string Path { get; }

    public IRtspMediaSource Source { get; }

    public SessionStream?[] Streams { get; }

    /// <summary>The set-up stream a source frame belongs to, or null when its stream was not set up.</summary>
    public SessionStream? StreamOf(in ServedFrame frame) => frame.Stream < Streams.Length ? Streams[frame.Stream] : null;

    /// <summary>Whether <c>Frames: intra</c> sends the frame at all: a video clean point (the play loop adds the interval).</summary>
    public static bool IsIntraFrame(SessionStream stream, in ServedFrame frame) => stream.Stream.Codec.IsNalVideo() && frame.IsCleanPoint;

    /// <summary>The running playback, null when not playing.</summary>
    public CancellationTokenSource? PlayCancellation { get; set; }

    public Task? PlayTask { get; set; }

    /// <summary>Whether a PLAY already ran (the next one starts with the D bit).</summary>
    public bool HasPlayed { get; set; }

    /// <summary>UTC of the last access unit sent (PLAY without Range after PAUSE resumes after it).</summary>
    public DateTime? LastSentUtc { get; set; }

    public TimeSpan Idle => _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public void Touch() => Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Closes the streams' transports (UDP sockets) when the session ends.</summary>
    public void CloseStreams()
    {
        foreach (var stream in Streams)
        {
            stream?.Writer.Dispose();
        }
    }

    /// <summary>A set-up stream: its transport (interleaved channel or UDP ports), packetizer and RTP timestamp origin.</summary>
    internal sealed class SessionStream
    {
        public SessionStream(ServedStream stream, int index, IRtpStreamWriter writer, int maxPacketSize)
        {
            Stream = stream;
            Ssrc = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
            RtpBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
            var pt = ServedSdp.PayloadType(stream, index);
            var first = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
            var size = maxPacketSize - ReplayHeaderExtension.Length;
            Packetizer = stream.Codec.IsNalVideo()
                ? new NalPacketizer(stream.Codec, pt, Ssrc, size, first)
                : new FramePacketizer(stream.Codec, pt, Ssrc, size, first);
            Writer = writer;
        }

        public ServedStream Stream { get; }

        public uint Ssrc { get; }

        /// <summary>Random offset of the RTP timestamps (which otherwise follow the recorded UTC).</summary>
        public uint RtpBase { get; }

        public RtpPacketizer Packetizer { get; }

        public IRtpStreamWriter Writer { get; }

        /// <summary>UTC of the last access unit sent (resume, Frames: intra/interval).</summary>
        public DateTime? LastSentUtc { get; set; }

        /// <summary>RTP timestamp of the last access unit sent (a live stream's sender reports pair it with <see cref="LastSentUtc"/>).</summary>
        public uint LastRtpTimestamp { get; set; }

        /// <summary>
        /// Packetizes one access unit into the stream's transport (interleaved packets into <paramref name="output"/>):
        /// its first packet carries the replay extension with <paramref name="flags"/> and the PLAY's CSeq byte unless
        /// <paramref name="live"/>. No allocation.
        /// </summary>
        public void Send(System.IO.Pipelines.PipeWriter output, in ServedFrame frame, ReplayHeaderExtension.Flags flags, int playCSeq, bool live)
        {
            var rtpTimestamp = RtpTimestampOf(frame);
            Writer.BeginAccessUnit(output, frame.Utc, flags, playCSeq, extension: !live);
            Packetizer.Packetize(frame.Payload.Span, frame.Units.Span, rtpTimestamp, Writer);
            LastRtpTimestamp = rtpTimestamp;
        }

        /// <summary>The RTP timestamp of a frame: the source's own (live) plus the random base, else from its UTC.</summary>
        public uint RtpTimestampOf(in ServedFrame frame) => frame.SourceRtpTimestamp >= 0
            ? unchecked(RtpBase + (uint)frame.SourceRtpTimestamp)
            : RtpTimestampOf(frame.Utc, frame.PresentationOffsetTicks);

        /// <summary>The RTP timestamp of a sample: the recorded UTC in the stream's clock, from the Unix epoch, plus the random base.</summary>
        public uint RtpTimestampOf(DateTime utc, int offsetTicks)
        {
            var ticks = utc.Ticks - DateTime.UnixEpoch.Ticks;
            var rate = Stream.ClockRate;
            var units = (ticks / TimeSpan.TicksPerSecond * rate) + (ticks % TimeSpan.TicksPerSecond * rate / TimeSpan.TicksPerSecond);
            return unchecked(RtpBase + (uint)units + (uint)offsetTicks);
        }
    }
}
