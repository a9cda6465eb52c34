using Nvr.Codecs.Fmp4;
using Nvr.Codecs.G711;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>Durations come exactly from consecutive DTS: no drift across fragments and segments, even with jitter.</summary>
[Trait("Category", "Unit")]
public sealed class TimingTests
{
    private static readonly DateTime T0 = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void JitteryTimestamps_AreKeptExactly_AcrossFragmentsAndSegments(int seed)
    {
        var rng = new Random(seed);
        var videoDts = new List<long>();
        var audioDts = new List<long>();
        long v = 123_456_789_000, a = 987_654; // arbitrary RTP-derived starting points
        for (int i = 0; i < 600; i++)
        {
            videoDts.Add(v);
            v += rng.Next(3000, 4200);
        }
        for (int i = 0; i < 1500; i++)
        {
            audioDts.Add(a);
            a += rng.Next(150, 170);
        }
        var output = new RecordingOutput();
        int ai = 0;
        byte[] sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");
        using (var w = new Mp4SegmentWriter([TrackDescription.ForH264(sps, [Convert.FromHexString("68CE3C80")]), TrackDescription.ForG711(G711Variant.MuLaw)], output,
                   new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(0.7), SegmentDuration = TimeSpan.FromSeconds(6) }))
        {
            w.SetUtcAnchor(0, videoDts[0], T0);
            w.SetUtcAnchor(1, audioDts[0], T0);
            for (int i = 0; i < videoDts.Count; i++)
            {
                w.AddSample(0, videoDts[i], 0, i % 30 == 0, [new byte[] { i % 30 == 0 ? (byte)0x65 : (byte)0x41, 7 }]);
                while (ai < audioDts.Count && (audioDts[ai] - audioDts[0]) * 90000 <= (videoDts[i] - videoDts[0]) * 8000L)
                {
                    w.AddFrame(1, audioDts[ai], new byte[160]);
                    ai++;
                }
            }
            w.Finish();
            Assert.Equal(0, w.DroppedSamples);
        }
        Assert.True(output.Segments.Count >= 3);
        var seenVideo = new List<long>();
        var seenAudio = new List<long>();
        foreach (byte[] seg in output.Segments)
        {
            foreach (Mp4Box moof in Mp4Box.Parse(seg).Where(b => b.Type == "moof"))
            {
                foreach (Mp4Box traf in moof.All("traf"))
                {
                    uint track = traf.Child("tfhd").U32(4);
                    long t = (long)traf.Child("tfdt").U64(4);
                    List<long> seen = track == 1 ? seenVideo : seenAudio;
                    if (seen.Count > 0) Assert.True(t > seen[^1]);
                    foreach (var s in traf.Child("trun").TrunSamples(out _))
                    {
                        seen.Add(t);
                        t += s.Duration;
                    }
                }
            }
        }
        // Decode times read back = input DTS rebased to the first video key frame (audio by its UTC anchor).
        Assert.Equal(videoDts.Select(d => d - videoDts[0]), seenVideo);
        Assert.Equal(audioDts.Take(seenAudio.Count).Select(d => d - audioDts[0]), seenAudio);
        Assert.Equal(ai, seenAudio.Count); // every audio frame added was written (Finish flushes the held-back one)
        Assert.True(ai > 1000);
        for (int i = 1; i < output.Segments.Count; i++) Assert.True(output.Started[i].FirstSampleUtc <= output.Ended[i - 1].EndUtc);
    }
}
