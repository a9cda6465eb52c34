using Nvr.Codecs.Fmp4;
using Nvr.Codecs.G711;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>
/// The media time of a fragmented MP4 read back from its boxes (what crash recovery indexes a cut segment with): equal to
/// the writer's own Duration for whole segments, the durable fragments' time for a cut one, null (never a throw) for junk.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FragmentedMp4TimingTests : IDisposable
{
    private static readonly DateTime T0 = new(2026, 5, 6, 7, 8, 9, DateTimeKind.Utc);
    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");
    private readonly TempDirectory _temp = new("nvr-codecs-tests");

    private string FilePath => Path.Combine(_temp.Path, "fmp4-timing.mp4");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Whole_segments_read_back_the_duration_the_writer_reported(int seed)
    {
        var output = Record(seed, video: 400, withAudio: true);
        Assert.True(output.Segments.Count >= 3);
        for (var i = 0; i < output.Segments.Count; i++)
        {
            File.WriteAllBytes(FilePath, output.Segments[i]);
            var read = FragmentedMp4Timing.MediaDuration(FilePath);
            Assert.NotNull(read);
            Assert.True(Math.Abs((read.Value - output.Ended[i].Duration).TotalMilliseconds) < 0.1, $"segment {i}: read {read}, written {output.Ended[i].Duration}");
        }
    }

    [Fact]
    public void A_segment_cut_after_its_second_fragment_holds_two_fragments_of_media()
    {
        var output = Record(seed: 0, video: 150, withAudio: false); // 25 fps, exact 40 ms frames, 1 s fragments
        var segment = output.Segments[0];
        var top = Mp4Box.Parse(segment);
        var secondMdat = top.Where(b => b.Type == "mdat").ElementAt(1);
        File.WriteAllBytes(FilePath, segment[..(int)(secondMdat.Offset + secondMdat.Size)]);
        Assert.Equal(TimeSpan.FromSeconds(2), FragmentedMp4Timing.MediaDuration(FilePath));

        // torn inside the third moof: the walk stops there, what was read before counts
        var thirdMoof = top.Where(b => b.Type == "moof").ElementAt(2);
        File.WriteAllBytes(FilePath, segment[..(int)(thirdMoof.Offset + 20)]);
        Assert.Equal(TimeSpan.FromSeconds(2), FragmentedMp4Timing.MediaDuration(FilePath));

        // only the init segment: no media
        File.WriteAllBytes(FilePath, segment[..(int)top.First(b => b.Type == "moof").Offset]);
        Assert.Null(FragmentedMp4Timing.MediaDuration(FilePath));
    }

    [Fact]
    public void Junk_and_mangled_segments_give_null_or_a_finite_duration_never_an_exception()
    {
        var rng = new Random(17);
        var segment = Record(seed: 3, video: 100, withAudio: true).Segments[0];
        for (var i = 0; i < 300; i++)
        {
            var bytes = i % 2 == 0 ? new byte[rng.Next(0, 400)] : (byte[])segment.Clone();
            if (i % 2 == 0)
            {
                rng.NextBytes(bytes);
            }
            else
            {
                for (var k = 0; k < 1 + rng.Next(8); k++)
                {
                    bytes[rng.Next(Math.Min(bytes.Length, 2000))] = (byte)rng.Next(256); // headers, moov and the first moof
                }
            }

            File.WriteAllBytes(FilePath, bytes);
            var read = FragmentedMp4Timing.MediaDuration(FilePath);
            Assert.True(read is null || read.Value >= TimeSpan.Zero);
        }
    }

    private static RecordingOutput Record(int seed, int video, bool withAudio)
    {
        var rng = new Random(seed);
        var output = new RecordingOutput();
        TrackDescription[] tracks = withAudio
            ? [TrackDescription.ForH264(Sps, [Convert.FromHexString("68CE3C80")]), TrackDescription.ForG711(G711Variant.MuLaw)]
            : [TrackDescription.ForH264(Sps, [Convert.FromHexString("68CE3C80")])];
        using var w = new Mp4SegmentWriter(tracks, output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(1), SegmentDuration = TimeSpan.FromSeconds(5) });
        long v = 90_000 * 7, a = 8000 * 3;
        w.SetUtcAnchor(0, v, T0);
        if (withAudio)
        {
            w.SetUtcAnchor(1, a, T0);
        }

        for (var i = 0; i < video; i++)
        {
            w.AddSample(0, v, 0, i % 25 == 0, [new byte[] { i % 25 == 0 ? (byte)0x65 : (byte)0x41, 7 }]);
            v += seed == 0 ? 3600 : rng.Next(3000, 4200);
            while (withAudio && a * 90000 < v * 8000L)
            {
                w.AddFrame(1, a, new byte[160]);
                a += 160;
            }
        }

        w.Finish();
        return output;
    }
}
