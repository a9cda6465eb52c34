using System.Buffers;
using System.Buffers.Binary;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Mp4;
using Nvr.Codecs.Tests.Support;

namespace Nvr.Codecs.Tests;

/// <summary>The ITrackProtector extension point, driven with a fake (XOR) protector.</summary>
[Trait("Category", "Unit")]
public sealed class TrackProtectorTests
{
    private static readonly byte[] Sps = Convert.FromHexString("6742C01EDA0280BFE5C0440000030004000003019078B174A0");

    [Fact]
    public void ProtectedTrack_GetsEncvSinfPssh_EncryptedMdat_AndSaioPointingIntoSenc()
    {
        var protector = new XorProtector();
        var output = new RecordingOutput();
        var nals = Enumerable.Range(0, 10).Select(i => Enumerable.Repeat((byte)(0x10 + i), 20 + i).Prepend(i == 0 ? (byte)0x65 : (byte)0x41).ToArray()).ToArray();
        byte[][] copies = nals.Select(n => n.ToArray()).ToArray();
        using (var w = new Mp4SegmentWriter([TrackDescription.ForH264(Sps, [Convert.FromHexString("68CE3C80")]).WithProtector(protector)], output,
            new SegmentWriterOptions { FragmentDuration = TimeSpan.FromSeconds(0.2) }))
        {
            w.SetUtcAnchor(0, 0, DateTime.UnixEpoch);
            for (int i = 0; i < 10; i++) w.AddSample(0, i * 3600L, 0, i == 0, [nals[i]]);
            w.Finish();
        }
        Assert.Equal(copies, nals); // caller buffers untouched
        Assert.Equal(1, protector.Segments);
        byte[] seg = output.Segments[0];
        List<Mp4Box> top = Mp4Box.Parse(seg);
        Mp4Box moov = top[1];
        Assert.Equal("pssh", moov.Children[^1].Type);
        Mp4Box encv = moov.Child("trak").Child("mdia").Child("minf").Child("stbl").Child("stsd").Children.Single();
        Assert.Equal("encv", encv.Type);
        Mp4Box sinf = Mp4Box.Parse(seg, encv.Offset + 8 + 78, encv.Offset + encv.Size).Single(b => b.Type == "sinf");
        Assert.Equal("avc1", System.Text.Encoding.ASCII.GetString(sinf.Child("frma").Payload));

        int sampleIndex = 0;
        foreach (Mp4Box moof in top.Where(b => b.Type == "moof"))
        {
            Mp4Box traf = moof.Child("traf");
            Assert.Equal(["tfhd", "tfdt", "trun", "senc", "saiz", "saio"], traf.Children.Select(c => c.Type));
            Mp4Box senc = traf.Child("senc");
            long saio = (long)traf.Child("saio").U32(8);
            Assert.Equal(senc.Offset + 16, moof.Offset + saio); // first sample's IV right after senc's sample_count
            var samples = traf.Child("trun").TrunSamples(out int dataOffset);
            long p = moof.Offset + dataOffset;
            foreach (var s in samples)
            {
                byte[] nal = copies[sampleIndex++];
                Assert.Equal((uint)nal.Length, BinaryPrimitives.ReadUInt32BigEndian(seg.AsSpan((int)p)));
                Assert.Equal(nal.Select(b => (byte)(b ^ 0x5A)), seg.AsSpan((int)p + 4, nal.Length).ToArray());
                p += s.Size;
            }
        }
        Assert.Equal(10, sampleIndex);
    }

    /// <summary>Leaves length fields clear, XORs NAL bytes, one 8-byte "IV" per sample in senc.</summary>
    private sealed class XorProtector : ITrackProtector
    {
        private int _samples;

        public int Segments { get; private set; }

        public void BeginSegment() => Segments++;

        public void WriteProtectionSchemeInfo(BoxWriter writer, ReadOnlySpan<byte> originalFormat)
        {
            int sinf = writer.StartBox("sinf"u8);
            int frma = writer.StartBox("frma"u8);
            writer.WriteFourCc(originalFormat);
            writer.EndBox(frma);
            writer.EndBox(sinf);
        }

        public void WriteProtectionSystemHeaders(BoxWriter writer)
        {
            int pssh = writer.StartFullBox("pssh"u8, 0, 0);
            writer.WriteZeros(16);
            writer.WriteUInt32(0);
            writer.EndBox(pssh);
        }

        public void EncryptFragment(in FragmentSamples samples, IBufferWriter<byte> output)
        {
            _samples = samples.Count;
            for (int i = 0; i < samples.Count; i++)
            {
                foreach (ReadOnlyMemory<byte> unit in samples.GetUnits(i))
                {
                    Span<byte> dst = output.GetSpan(unit.Length + samples.NalLengthSize);
                    BinaryPrimitives.WriteUInt32BigEndian(dst, (uint)unit.Length);
                    for (int k = 0; k < unit.Length; k++) dst[4 + k] = (byte)(unit.Span[k] ^ 0x5A);
                    output.Advance(unit.Length + 4);
                }
            }
        }

        public void WriteSampleEncryptionBoxes(BoxWriter writer, int moofStart)
        {
            int senc = writer.StartFullBox("senc"u8, 0, 0);
            writer.WriteUInt32((uint)_samples);
            int ivs = writer.Position;
            for (int i = 0; i < _samples; i++) writer.WriteUInt64((ulong)i);
            writer.EndBox(senc);
            int saiz = writer.StartFullBox("saiz"u8, 0, 0);
            writer.WriteUInt8(8);
            writer.WriteUInt32((uint)_samples);
            writer.EndBox(saiz);
            int saio = writer.StartFullBox("saio"u8, 0, 0);
            writer.WriteUInt32(1);
            writer.WriteUInt32((uint)(ivs - moofStart));
            writer.EndBox(saio);
        }
    }
}
