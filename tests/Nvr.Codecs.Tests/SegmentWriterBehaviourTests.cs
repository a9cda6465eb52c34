using Nvr.Codecs.Fmp4;
using Nvr.Codecs.G711;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>Writer behaviour from the outside: exact bytes, zero-copy references, buffer release, bad input.</summary>
[Trait("Category", "Unit")]
public sealed class SegmentWriterBehaviourTests
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void G711Fragment_IsByteExact()
    {
        var output = new RecordingOutput();
        using (var w = new CmafSegmentWriter(TrackDescription.ForG711(G711Variant.ALaw), output, new SegmentWriterOptions { WriteMfra = false }))
        {
            w.SetUtcAnchor(1000, T0);
            w.AddFrame(1000, new byte[] { 1, 2, 3, 4 });
            w.AddFrame(1004, new byte[] { 5, 6, 7, 8 });
            w.AddFrame(1008, new byte[] { 9, 10, 11, 12 });
            w.Finish(T0.AddTicks(12 * TimeSpan.TicksPerSecond / 8000));
        }
        byte[] seg = Assert.Single(output.Segments);
        List<Mp4Box> top = Mp4Box.Parse(seg);
        Assert.Equal(["ftyp", "moov", "moof", "mdat"], top.Select(b => b.Type));
        string expected =
            "00000070" + "6D6F6F66" +                                   // moof, 112 bytes
            "00000010" + "6D666864" + "00000000" + "00000001" +         // mfhd sequence 1
            "00000058" + "74726166" +                                   // traf, 88 bytes
            "00000010" + "74666864" + "00020000" + "00000001" +         // tfhd default-base-is-moof, track 1
            "00000014" + "74666474" + "01000000" + "0000000000000000" + // tfdt v1, decode time 0 (rebased)
            "0000002C" + "7472756E" + "00000301" + "00000003" + "00000078" + // trun: duration+size, 3 samples, data offset 120
            "00000004" + "00000004" + "00000004" + "00000004" + "00000004" + "00000004" +
            "00000014" + "6D646174" + "0102030405060708090A0B0C";       // mdat
        Assert.Equal(expected, Convert.ToHexString(seg, (int)top[2].Offset, seg.Length - (int)top[2].Offset));
        Assert.Equal(T0, output.Started[0].FirstSampleUtc);
        Assert.Equal(T0.AddTicks(15000), output.Ended[0].EndUtc); // 12 samples at 8 kHz = 1.5 ms
        Mp4Box alaw = top[1].Child("trak").Child("mdia").Child("minf").Child("stbl").Child("stsd").Children.Single();
        Assert.Equal("alaw", alaw.Type);
        Assert.Equal("0000000000000001" + "0000000000000000" + "0001" + "0010" + "0000" + "0000" + "1F400000", Convert.ToHexString(alaw.Payload));
    }

    [Fact]
    public void VideoPayload_IsReferencedNotCopied_AndReleasedOnceWritten()
    {
        var output = new RecordingOutput();
        byte[] sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");
        byte[] pps = Convert.FromHexString("68CE3C80");
        var released = new List<int>();
        var nal = new byte[40][];
        using (var w = new Mp4SegmentWriter([TrackDescription.ForH264(sps, [pps])], output, new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(0.5) }))
        {
            w.SetUtcAnchor(0, 0, T0);
            for (int i = 0; i < 40; i++)
            {
                nal[i] = new byte[100 + i];
                nal[i].AsSpan(1).Fill((byte)(i + 1));
                nal[i][0] = (byte)(i % 25 == 0 ? 0x65 : 0x41);
                int k = i;
                output.DuringWrite = () => Assert.DoesNotContain(released, r => r >= k); // not released before its write
                w.AddSample(0, i * 3600L, 0, i % 25 == 0, [nal[i]], new Release(() => released.Add(k)));
            }
            Assert.Equal(Enumerable.Range(0, 39), released.Order()); // all but the sample that waits for its successor
            output.DuringWrite = null;
            w.Finish();
        }
        Assert.Equal(40, released.Count);
        for (int i = 0; i < 40; i++)
        {
            Assert.Contains(output.PieceOrigins, p => ReferenceEquals(p.Array, nal[i]) && p.Offset == 0 && p.Length == nal[i].Length);
        }
        // Each NAL is preceded by its own 4-byte big-endian length in the file.
        byte[] seg = output.Segments[0];
        int at = seg.AsSpan().IndexOf(nal[7]);
        Assert.Equal((uint)nal[7].Length, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(seg.AsSpan(at - 4)));
    }

    [Fact]
    public void BadInput_IsDroppedAndCounted_NeverThrown()
    {
        var output = new RecordingOutput();
        byte[] sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");
        int releases = 0;
        using var w = new Mp4SegmentWriter([TrackDescription.ForH264(sps, [Convert.FromHexString("68CE3C80")]), TrackDescription.ForG711(G711Variant.MuLaw)], output);
        w.SetUtcAnchor(0, 0, T0);
        w.SetUtcAnchor(1, 0, T0);
        var release = new Release(() => releases++);
        w.AddFrame(1, 0, new byte[160], release);                      // audio before the first video key frame
        w.AddSample(0, 0, 0, false, [new byte[] { 0x41, 1 }], release); // video before the first key frame
        w.AddSample(0, 3600, 0, true, [new byte[] { 0x65, 1 }]);
        w.AddSample(0, 3600, 0, false, [new byte[] { 0x41, 1 }], release); // repeated DTS
        w.AddSample(0, 100, 0, false, [new byte[] { 0x41, 1 }], release);  // going back in time
        w.AddSample(0, 7200, 0, false, ReadOnlySpan<ReadOnlyMemory<byte>>.Empty, release); // no NAL units
        w.AddSample(0, 7200, 0, false, [new byte[] { 0x41, 2 }]);
        w.AddSample(0, 7200 + (1L << 32), 0, false, [new byte[] { 0x41, 3 }], release); // duration would not fit trun's 32 bits
        w.AddSample(0, 10800, 0, false, [new byte[] { 0x41, 4 }]);
        Assert.Equal(6, w.DroppedSamples);
        Assert.Equal(6, releases);
        w.Finish();
        Assert.Single(output.Segments);
        Assert.Throws<InvalidOperationException>(() =>
        {
            using var x = new Mp4SegmentWriter([TrackDescription.ForG711(G711Variant.MuLaw)], new RecordingOutput());
            x.AddFrame(0, 0, new byte[8]); // no UTC anchor: a programming error, reported at once
        });
    }

    [Fact]
    public void HugeSegmentDuration_MeansNoAutomaticCut_AndRequestNewSegmentCutsAtTheNextKeyFrame()
    {
        var output = new RecordingOutput();
        byte[] sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");
        using var w = new Mp4SegmentWriter([TrackDescription.ForH264(sps, [Convert.FromHexString("68CE3C80")])], output,
            new SegmentWriterOptions { SegmentDuration = TimeSpan.FromDays(3650), FragmentDuration = TimeSpan.FromSeconds(1) });
        w.SetUtcAnchor(0, 0, T0);
        for (int i = 0; i < 100; i++)
        {
            if (i == 60) w.RequestNewSegment();
            w.AddSample(0, i * 3600L, 0, i % 25 == 0, [new byte[] { i % 25 == 0 ? (byte)0x65 : (byte)0x41, (byte)i }]);
        }
        w.Finish();
        Assert.Equal(2, output.Segments.Count); // 0..74, then 75..99 (first key frame after the request)
        Assert.Equal(T0.AddSeconds(3), output.Started[1].FirstSampleUtc);
        Assert.Equal(output.Ended[0].EndUtc, output.Started[1].FirstSampleUtc);
    }

    private sealed class Release(Action onDispose) : IDisposable
    {
        public void Dispose() => onDispose();
    }
}
