using System.Buffers.Binary;
using Nvr.Pipeline.Sdp;
using Nvr.Pipeline.Simulator;

namespace Nvr.Load.Simulation;

/// <summary>
/// A capture (SDP + rtpdump) split into its streams, each looped on its own period: the RTP timestamp span of the
/// stream plus one frame, so every stream's timestamps advance at exactly its clock rate across loop boundaries
/// (video 22 frames × 3600, audio 42 × 1024 for the demo capture). Streams loop independently; each stays in step
/// with the wall clock, which is what its RTCP sender reports state.
/// </summary>
public sealed class CaptureLoop
{
    public CaptureLoop(string sdp, IReadOnlyList<RtpDumpPacket> capture)
    {
        Sdp = string.Join("\r\n", sdp.ReplaceLineEndings("\n").Split('\n').Where(l => !l.StartsWith("a=ssrc:", StringComparison.Ordinal))).TrimEnd() + "\r\n";
        var description = SdpParser.Parse(Sdp, new Uri("rtsp://127.0.0.1/cam"));
        var streamOfPt = description.Streams.ToDictionary(s => s.PayloadType, s => s.Index);
        var packets = description.Streams.Select(_ => new List<LoopPacket>()).ToArray();
        foreach (var record in capture)
        {
            if (!record.IsRtcp && record.Data.Length >= 12 && streamOfPt.TryGetValue(record.PayloadType, out var stream))
            {
                packets[stream].Add(new LoopPacket(record.Data, BinaryPrimitives.ReadUInt32BigEndian(record.Data.AsSpan(4)), (record.Data[1] & 0x80) != 0));
            }
        }

        Streams = description.Streams.Select(s => Loop(packets[s.Index], s.ClockRate)).ToArray();
        if (Streams.Any(s => s.Packets.Count == 0))
        {
            throw new ArgumentException("a described stream has no RTP packet in the capture", nameof(capture));
        }
    }

    /// <summary>The DESCRIBE body (the capture's, without its a=ssrc lines: every camera has its own SSRCs).</summary>
    public string Sdp { get; }

    public IReadOnlyList<LoopStream> Streams { get; }

    private static LoopStream Loop(List<LoopPacket> packets, int clockRate)
    {
        if (packets.Count == 0)
        {
            return new LoopStream([], clockRate, 0, 0);
        }

        var first = packets[0].Timestamp;
        var distinct = packets.Select(p => p.Timestamp - first).Distinct().Order().ToArray();
        // A whole number of frames of the mean frame duration: capture timestamps jitter by a tick (AAC 1023/1025).
        var frame = distinct.Length > 1 ? (uint)Math.Round((double)distinct[^1] / (distinct.Length - 1)) : (uint)(clockRate / 25);
        var period = frame * (uint)distinct.Length;
        var frames = packets.Count(p => p.Marker);
        return new LoopStream(packets.Select(p => p with { Timestamp = p.Timestamp - first }).ToArray(), clockRate, period, frames);
    }
}

/// <summary>One packet of a loop: its bytes and its timestamp relative to the stream's first.</summary>
public sealed record LoopPacket(byte[] Data, uint Timestamp, bool Marker);

/// <summary>One stream of a loop: packets, clock rate, loop period in clock ticks, frames (marker packets) per loop.</summary>
public sealed record LoopStream(IReadOnlyList<LoopPacket> Packets, int ClockRate, uint PeriodTicks, int FramesPerLoop);
