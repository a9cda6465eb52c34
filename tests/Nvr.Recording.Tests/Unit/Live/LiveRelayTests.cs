using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;
using Nvr.Recording.Live;

namespace Nvr.Recording.Tests.Unit.Live;

/// <summary>
/// The live relay's fan-out on synthetic access units written into a source's channel as the ingest writes them:
/// viewers start at a key frame, see the source's RTP times, and a viewer that does not read loses whole GOPs while
/// the recording (the channel's reader) and the other viewers lose nothing.
/// </summary>
public sealed class LiveRelayTests
{
    private static readonly DateTime T0 = new(2026, 12, 3, 10, 0, 0, DateTimeKind.Utc);

    private static readonly StreamDescription Video = new()
    {
        Index = 0, Kind = MediaKind.Video, Codec = MediaCodec.H264, EncodingName = "H264", PayloadType = 96, ClockRate = 90000,
    };

    [Fact]
    public async Task A_viewer_starts_at_the_next_key_frame_and_the_recording_still_gets_every_unit()
    {
        await using var relay = new LiveRelay();
        var channel = new AccessUnitChannel(capacity: 64);
        using var publication = relay.Publish("RCV0001", channel, [Video]);
        var source = await relay.FindAsync(LiveRelay.PathOf("RCV0001"), CancellationToken.None);
        Assert.NotNull(source);
        Assert.True(source.IsLive);
        Assert.Equal(MediaCodec.H264, Assert.Single(source.Streams).Codec);
        await using var viewer = source.Open(null, CancellationToken.None);

        for (var i = 0; i < 10; i++)
        {
            channel.OnAccessUnit(Frame(i, key: i % 5 == 2)); // key frames at 2 and 7: the viewer joined mid-GOP
        }

        var seen = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            Assert.True(await viewer.ReadAsync(CancellationToken.None));
            seen.Add(viewer.Current.SourceRtpTimestamp);
            Assert.Equal(i == 0 || i == 5, viewer.Current.IsCleanPoint);
            Assert.Equal(3, viewer.Current.Payload.Length);
        }

        Assert.Equal(Enumerable.Range(2, 8).Select(i => i * 3600L), seen);
        Assert.Equal(10, Drain(channel)); // the recording's reader: every unit, untouched
        Assert.Equal(1, relay.ViewersOf("RCV0001"));
    }

    [Fact]
    public async Task A_viewer_that_does_not_read_loses_whole_GOPs_and_nobody_else_loses_a_unit()
    {
        await using var relay = new LiveRelay(new LiveRelayOptions { ViewerQueueUnits = 4 });
        var channel = new AccessUnitChannel(capacity: 256);
        using var publication = relay.Publish("RCV0001", channel, [Video]);
        var source = (await relay.FindAsync(LiveRelay.PathOf("RCV0001"), CancellationToken.None))!;
        await using var stalled = source.Open(null, CancellationToken.None);
        await using var reader = source.Open(null, CancellationToken.None);

        var received = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            channel.OnAccessUnit(Frame(i, key: i % 10 == 0)); // GOPs of 10
            Assert.True(await reader.ReadAsync(CancellationToken.None));
            received.Add(reader.Current.SourceRtpTimestamp);
        }

        Assert.Equal(Enumerable.Range(0, 30).Select(i => i * 3600L), received);
        Assert.Equal(30, Drain(channel));

        // The stalled viewer kept the first 4 units of the first GOP, then lost the rest of it and (full) the next GOPs.
        var kept = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await stalled.ReadAsync(CancellationToken.None));
            kept.Add(stalled.Current.SourceRtpTimestamp);
        }

        Assert.Equal([0L, 3600, 7200, 10800], kept);
        Assert.Equal(3, relay.Statistics.DroppedGops); // the first GOP's tail, then GOPs 2 and 3 (queue still full)
    }

    [Fact]
    public async Task When_the_current_source_stops_viewers_go_on_from_the_next_sources_next_key_frame()
    {
        await using var relay = new LiveRelay();
        var first = new AccessUnitChannel(capacity: 64);
        var second = new AccessUnitChannel(capacity: 64);
        var publication = relay.Publish("RCV0001", first, [Video]);
        using var other = relay.Publish("RCV0001", second, [Video]);
        var source = (await relay.FindAsync(LiveRelay.PathOf("RCV0001"), CancellationToken.None))!;
        await using var viewer = source.Open(null, CancellationToken.None);

        first.OnAccessUnit(Frame(0, key: true));
        second.OnAccessUnit(Frame(100, key: true)); // not the current source: not relayed
        Assert.True(await viewer.ReadAsync(CancellationToken.None));
        Assert.Equal(0, viewer.Current.SourceRtpTimestamp);

        publication.Dispose(); // the first source stopped (its recording ended)
        second.OnAccessUnit(Frame(101, key: false)); // mid-GOP: skipped
        second.OnAccessUnit(Frame(102, key: true));
        Assert.True(await viewer.ReadAsync(CancellationToken.None));
        Assert.Equal(102 * 3600L, viewer.Current.SourceRtpTimestamp);
        Assert.True(viewer.Current.IsCleanPoint);
        Assert.Null(first.Tap); // the stopped source is no longer tapped
        Drain(first);
        Drain(second);
    }

    [Fact]
    public async Task Paths_outside_live_and_receivers_nobody_can_connect_are_not_found()
    {
        await using var relay = new LiveRelay { EndpointOf = (_, _) => Task.FromResult<Nvr.Recording.Engine.ReceiverEndpoint?>(null) };
        Assert.Null(await relay.FindAsync("/replay/REC0001", CancellationToken.None));
        Assert.Null(await relay.FindAsync("/live/", CancellationToken.None));
        Assert.Null(await relay.FindAsync("/live/RCV0001/track0", CancellationToken.None));
        Assert.Null(await relay.FindAsync(LiveRelay.PathOf("RCV0009"), CancellationToken.None));
        Assert.Null(relay.Known("RCV0009"));
        Assert.Equal(0, relay.Statistics.OnDemandSessions);
    }

    private static AccessUnit Frame(int n, bool key)
    {
        var buffer = PooledBuffer.Rent(3);
        buffer.Append([key ? (byte)0x65 : (byte)0x41, 1, 2]);
        return AccessUnit.Create(new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, n * 3600L, key, T0.AddMilliseconds(40 * n)), buffer, [new NalRange(0, 3)]);
    }

    private static int Drain(AccessUnitChannel channel)
    {
        var count = 0;
        while (channel.Reader.TryRead(out var unit))
        {
            unit.Release();
            count++;
        }

        return count;
    }
}
