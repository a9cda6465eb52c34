using Nvr.Storage.Keys;
using Nvr.Storage.Sinks;

namespace Nvr.Storage.Tests.Support;

/// <summary>Segment metadata and fragment bytes for tests.</summary>
public static class TestSegments
{
    public static readonly DateTimeOffset Start = new(2022, 11, 8, 15, 8, 23, 547, TimeSpan.Zero);

    public static SegmentMetadata Metadata(int counter, string? prefix = "site-2", TimeSpan? duration = null)
    {
        var key = ObjectKeyBuilder.Segment(prefix, "camera-5", Start.AddSeconds(counter * 5), counter, SpanKind.Mp4);
        return new SegmentMetadata(
            key,
            MediaContentType.WithCodecs("video/mp4", "avc1.64001f,mp4a.40.2"),
            new SegmentAttributes
            {
                Source = "camera-5",
                Duration = duration,
                FullContentType = "video/mp4; codecs=\"avc1.64001f,mp4a.40.2\"",
                VideoWidth = 1280,
                VideoHeight = 720,
                VideoFramerate = 25,
            });
    }

    /// <summary>Deterministic fragment bytes, split into <paramref name="chunks"/> chunks.</summary>
    public static ReadOnlyMemory<byte>[] Fragment(int index, int size, int chunks = 3)
    {
        var bytes = new byte[size];
        new Random(index * 7919).NextBytes(bytes);
        var result = new ReadOnlyMemory<byte>[chunks];
        int step = size / chunks;
        for (int i = 0; i < chunks; i++)
        {
            int start = i * step;
            int end = i == chunks - 1 ? size : start + step;
            result[i] = bytes.AsMemory(start, end - start);
        }

        return result;
    }

    public static byte[] Concat(IEnumerable<ReadOnlyMemory<byte>[]> fragments)
        => fragments.SelectMany(f => f).SelectMany(c => c.ToArray()).ToArray();
}
