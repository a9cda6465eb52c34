using Nvr.Codecs;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Protocol.WebConsole;
using Nvr.Testing;

namespace Nvr.Protocol.Tests.WebConsole;

/// <summary>
/// The live view's muxer on an x264 stream (ffmpeg, 25 fps, a key frame a second, SPS/PPS in band): what it sends is
/// a fragmented MP4 that ffprobe reads without an error and ffmpeg decodes to the same frames as the elementary
/// stream (all but the newest, which waits for its successor), one moof per frame, and in steady state (the second
/// 10 s segment on) adding a frame allocates nothing.
/// </summary>
public sealed class LiveMp4MuxerTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly string _directory = Directory.CreateTempSubdirectory("nvr-live-mux-").FullName;

    [Fact]
    public async Task Frames_become_one_moof_each_decode_like_the_source_and_steady_state_allocates_nothing()
    {
        const int Frames = 600; // 24 s: the writer's second segment starts at 10 s, its third at 20 s
        var source = Path.Combine(_directory, "source.h264");
        await TestTools.RunAsync("ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-frames:v", Frames.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c:v", "libx264", "-bf", "0", "-g", "25", "-x264-params", "aud=1:repeat-headers=1", "-f", "h264", source], Timeout);
        var units = AccessUnits(File.ReadAllBytes(source));
        Assert.Equal(Frames, units.Count);

        using var muxer = new LiveMp4Muxer(MediaCodec.H264, ReadOnlyMemory<byte>.Empty);
        using var output = new MemoryStream(64 << 20);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        long steadyAllocated = 0;
        var moofs = 0;
        for (int i = 0; i < units.Count; i++)
        {
            var (payload, ranges, key) = units[i];
            var frame = new ServedFrame(0, start.AddMilliseconds(40 * i), 0, key, false, payload, ranges, 1_000_000 + (3600L * i));
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.True(muxer.Add(frame));
            var pending = muxer.Pending;
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (i >= 260 && i < 490)
            {
                steadyAllocated += allocated;
            }

            moofs += CountBoxes(pending.Span, "moof"u8);
            output.Write(pending.Span);
            muxer.Sent();
        }

        Assert.Equal(0, steadyAllocated);
        Assert.Equal(Frames - 1, moofs); // one per frame, the newest still waiting
        Assert.StartsWith("video/mp4; codecs=\"avc1.", muxer.MimeType, StringComparison.Ordinal);
        var file = Path.Combine(_directory, "live.mp4");
        await File.WriteAllBytesAsync(file, output.ToArray());
        Assert.Equal(["h264"], await FrameJudge.ProbeCleanAsync(file));
        var expected = await FrameJudge.VideoFrameMd5Async(source);
        var decoded = await FrameJudge.VideoFrameMd5Async(file);
        Assert.Equal(expected.Take(Frames - 1), decoded);
    }

    [Fact]
    public void The_parameter_sets_come_from_the_streams_avcC_when_a_key_frame_has_none()
    {
        byte[] sps = [0x67, 0x42, 0xC0, 0x1E, 0xDA, 0x02, 0x80, 0xBF, 0xE5, 0x84, 0x00, 0x00, 0x03, 0x00, 0x04, 0x00, 0x00, 0x03, 0x00, 0xCA, 0x3C, 0x58, 0xBA, 0x80];
        byte[] pps = [0x68, 0xCE, 0x3C, 0x80];
        var avcC = Nvr.Codecs.H264.AvcDecoderConfigurationRecord.Build(sps, [pps]);
        var (readSps, readPps) = LiveMp4Muxer.AvcParameterSets(avcC)!.Value;
        Assert.Equal(sps, readSps);
        Assert.Equal(pps, readPps);
        Assert.Null(LiveMp4Muxer.AvcParameterSets(avcC.AsSpan(0, 9)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int CountBoxes(ReadOnlySpan<byte> data, ReadOnlySpan<byte> type)
    {
        int count = 0;
        for (int at = 0; at + 8 <= data.Length;)
        {
            var size = (int)System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            if (size < 8)
            {
                break;
            }

            count += data.Slice(at + 4, 4).SequenceEqual(type) ? 1 : 0;
            at += size;
        }

        return count;
    }

    /// <summary>Annex B split into access units at each access unit delimiter (left out); NAL units without start codes.</summary>
    private static List<(ReadOnlyMemory<byte> Payload, ReadOnlyMemory<NalRange> Ranges, bool Key)> AccessUnits(byte[] annexB)
    {
        var nals = new List<(int Start, int End)>();
        int i = 0, begin = -1;
        while (i + 3 <= annexB.Length)
        {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1)
            {
                if (begin >= 0)
                {
                    nals.Add((begin, i > 0 && annexB[i - 1] == 0 ? i - 1 : i));
                }

                begin = i + 3;
                i += 3;
                continue;
            }

            i++;
        }

        nals.Add((begin, annexB.Length));
        var units = new List<(ReadOnlyMemory<byte>, ReadOnlyMemory<NalRange>, bool)>();
        var current = new List<(int Start, int End)>();
        void Flush()
        {
            if (current.Count == 0)
            {
                return;
            }

            var payload = new byte[current.Sum(n => n.End - n.Start)];
            var ranges = new NalRange[current.Count];
            int at = 0;
            for (int n = 0; n < current.Count; n++)
            {
                annexB.AsSpan(current[n].Start, current[n].End - current[n].Start).CopyTo(payload.AsSpan(at));
                ranges[n] = new NalRange(at, current[n].End - current[n].Start);
                at += ranges[n].Length;
            }

            units.Add((payload, ranges, current.Any(n => (annexB[n.Start] & 0x1F) == 5)));
            current.Clear();
        }

        foreach (var nal in nals)
        {
            if ((annexB[nal.Start] & 0x1F) == 9)
            {
                Flush();
                continue;
            }

            current.Add(nal);
        }

        Flush();
        return units;
    }
}
