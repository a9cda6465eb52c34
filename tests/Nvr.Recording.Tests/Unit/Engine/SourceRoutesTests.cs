using Nvr.Pipeline.Media;
using Nvr.Recording.Engine;

namespace Nvr.Recording.Tests.Unit.Engine;

/// <summary>SourceTags onto described streams: kinds with ordinals, a stream feeds one track, the rest is unmatched.</summary>
public sealed class SourceRoutesTests
{
    private static readonly StreamDescription[] VideoAndAudio =
    [
        Stream(0, MediaKind.Video, "trackID=1"),
        Stream(1, MediaKind.Audio, "trackID=2"),
    ];

    // the codec plays no part in matching: left at its default
    private static StreamDescription Stream(int index, MediaKind kind, string control) => new()
    {
        Index = index, Kind = kind, Control = control, Codec = default, EncodingName = kind.ToString(), PayloadType = 96 + index, ClockRate = 90_000,
    };

    [Fact]
    public void Tags_map_to_streams_and_what_matches_nothing_is_returned_with_its_defaulted_mark()
    {
        TrackRoute[] tracks =
        [
            new("video", "VIDEO001", Defaulted: true), new("trackID=2", "AUDIO001"), new("metadata", "META001", Defaulted: true),
            new("video", "VIDEO002"), new("video2", "VIDEO003"),
        ];

        var routes = SourceRunner.RoutesOf(tracks, VideoAndAudio, out var unmatched);

        Assert.Equal(new Dictionary<int, string> { [0] = "VIDEO001", [1] = "AUDIO001" }, routes);
        Assert.Equal(["META001", "VIDEO002", "VIDEO003"], unmatched.Select(t => t.Destination));
        Assert.Equal([true, false, false], unmatched.Select(t => t.Defaulted));
    }
}
