using Nvr.Pipeline.Media;
using Nvr.Pipeline.Packetizers;
using Nvr.Pipeline.Tests.Support;

namespace Nvr.Pipeline.Tests.Unit;

/// <summary>Loss and reordering never produce a corrupt unit: video resumes at the next keyframe, all counted.</summary>
[Trait("Category", "Unit")]
public sealed class LossAndReorderTests
{
    /// <summary>A synthetic GOP pattern I P P I P P built from the captured IDR and P frames.</summary>
    private static (List<CapturedUnit> Units, List<byte[]> Packets, List<int> FirstPacketOfUnit) TwoGops()
    {
        var replay = new FixtureReplay("gstreamer-h264-video-only");
        replay.Run();
        var captured = replay.UnitsOf(MediaKind.Video);
        var idr = captured[0];
        var pattern = new[] { idr, captured[1], captured[2], idr, captured[3], captured[4] };
        var units = pattern.Select((u, i) => u with { RtpTimestamp = 1000 + (i * 3600L) }).ToList();
        var packetizer = new NalPacketizer(MediaCodec.H264, 96, 42, 1000, 100);
        var packets = new List<byte[]>();
        var starts = new List<int>();
        foreach (var unit in units)
        {
            starts.Add(packets.Count);
            packets.AddRange(Repacketize.Units([unit], packetizer));
        }

        return (units, packets, starts);
    }

    [Fact]
    public void Lost_fragment_drops_the_rest_of_the_GOP_and_resumes_at_the_next_keyframe()
    {
        var (units, packets, starts) = TwoGops();
        var replay = new FixtureReplay("gstreamer-h264-video-only");
        var lostIndex = starts[1] + 1;  // second packet of the first P frame (inside an FU-A)
        Assert.True(starts[2] - starts[1] > 2, "the P frame must span several packets");
        for (var i = 0; i < packets.Count; i++)
        {
            if (i != lostIndex)
            {
                replay.Receivers[0].OnRtp(packets[i]);
            }
        }

        var got = replay.UnitsOf(MediaKind.Video);
        Repacketize.AssertSameUnits([units[0], units[3], units[4], units[5]], got);
        Assert.Equal(1, replay.Receivers[0].Counters.Lost);
        Assert.Equal(2, replay.Receivers[0].Depacketizer.Counters.DroppedUnits);
    }

    [Fact]
    public void The_key_frame_that_ends_a_loss_is_marked_as_following_it_but_a_first_key_frame_is_not()
    {
        var (_, packets, starts) = TwoGops();
        var stream = new FixtureReplay("gstreamer-h264-video-only").Description.Streams[0];
        var joined = new List<(bool Key, bool FollowsLoss)>();
        var receiver = new Nvr.Pipeline.Ingest.RtpStreamReceiver(stream, new FlagSink(joined), TimeProvider.System);
        foreach (var packet in packets.Skip(starts[1]))
        {
            receiver.OnRtp(packet); // joined mid-GOP: what was skipped before the first unit is no loss
        }

        Assert.Equal([(true, false), (false, false), (false, false)], joined);

        var lossy = new List<(bool Key, bool FollowsLoss)>();
        receiver = new Nvr.Pipeline.Ingest.RtpStreamReceiver(stream, new FlagSink(lossy), TimeProvider.System);
        for (var i = 0; i < packets.Count; i++)
        {
            if (i != starts[1] + 1)
            {
                receiver.OnRtp(packets[i]); // a packet of the first P frame lost: its GOP breaks off after the key frame
            }
        }

        Assert.Equal([(true, false), (true, true), (false, false), (false, false)], lossy);
    }

    private sealed class FlagSink(List<(bool Key, bool FollowsLoss)> flags) : Nvr.Pipeline.Depacketizers.IAccessUnitSink
    {
        public void OnAccessUnit(AccessUnit unit)
        {
            flags.Add((unit.IsKeyframe, unit.FollowsLoss));
            unit.Release();
        }
    }

    [Fact]
    public void Late_packet_is_counted_as_reordered_and_never_spliced_into_a_unit()
    {
        var (units, packets, starts) = TwoGops();
        var replay = new FixtureReplay("gstreamer-h264-video-only");
        var a = starts[4];
        var order = Enumerable.Range(0, packets.Count).ToList();
        (order[a], order[a + 1]) = (order[a + 1], order[a]);
        foreach (var i in order)
        {
            replay.Receivers[0].OnRtp(packets[i]);
        }

        var got = replay.UnitsOf(MediaKind.Video);
        Repacketize.AssertSameUnits(units.Take(4).ToList(), got);
        Assert.Equal(1, replay.Receivers[0].Counters.Reordered);
        Assert.Equal(1, replay.Receivers[0].Counters.Lost);
    }

    [Fact]
    public void Stream_joined_mid_GOP_starts_at_the_first_keyframe()
    {
        var (units, packets, starts) = TwoGops();
        var replay = new FixtureReplay("gstreamer-h264-video-only");
        foreach (var packet in packets.Skip(starts[1]))
        {
            replay.Receivers[0].OnRtp(packet);
        }

        Repacketize.AssertSameUnits(units.Skip(3).ToList(), replay.UnitsOf(MediaKind.Video));
    }

    [Fact]
    public void Packets_of_another_payload_type_or_not_RTP_are_rejected()
    {
        var replay = new FixtureReplay("gstreamer-h264-video-only");
        replay.Receivers[0].OnRtp([0x80, 0x60, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x65]);  // pt 96: accepted
        replay.Receivers[0].OnRtp([0x80, 0x61, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 0x65]);  // pt 97
        replay.Receivers[0].OnRtp([0x40, 0x60, 0, 3]);
        Assert.Equal(2, replay.Receivers[0].Counters.Rejected);
    }

    [Fact]
    public void Loss_is_logged_once_per_interval_with_the_counts()
    {
        var (_, packets, starts) = TwoGops();
        var logger = new CapturingLogger();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var stream = new FixtureReplay("gstreamer-h264-video-only").Description.Streams[0];
        var receiver = new Nvr.Pipeline.Ingest.RtpStreamReceiver(stream, new UnitCollector(), time, logger);
        for (var i = 0; i < packets.Count; i++)
        {
            if (i != starts[1] && i != starts[4])
            {
                receiver.OnRtp(packets[i]);
            }
        }

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Contains("1 RTP packet(s) lost", entry.Message);
        Assert.Equal(2, receiver.Counters.Lost);
    }
}
