using System.Buffers.Binary;
using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Tests.Mp4;
using Nvr.Codecs.Cenc.Tests.Support;
using Nvr.Codecs.Cenc.Video;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// H.265 recorded by the real segment writer with cenc and cbcs: in every written sample the length field, NAL header
/// and whole slice segment header of each slice are byte-for-byte clear (equal to the clear recording), the slice
/// data is really encrypted, and ffmpeg decrypts every segment to the clear recording's frames.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HevcEncryptedSegmentTests(CencMediaFixture media, HevcStreamsFixture hevc)
    : IClassFixture<CencMediaFixture>, IClassFixture<HevcStreamsFixture>
{
    [Theory]
    [InlineData("CENC", "camera-720p")]
    [InlineData("CBCS", "camera-720p")]
    [InlineData("CENC", "slices-bframes-weights-wpp")]
    [InlineData("CBCS", "slices-bframes-weights-wpp")]
    [InlineData("CBCS", "yuv444-nowpp-nosao")]
    public async Task Slice_headers_stay_clear_in_the_file_and_ffmpeg_decrypts_to_the_clear_frames(string mode, string stream)
    {
        using var dir = new TempDirectory();
        ElementaryStreams es = stream == "camera-720p" ? media.H265 : ElementaryStreams.Load(hevc.StreamPath(stream), true, null);
        var config = EncryptionConfiguration.Create([EncryptionEntry.FromOnvif(mode, EncryptedSegmentFfmpegTests.KidA, TestPaths.Hex(EncryptedSegmentFfmpegTests.KeyA), [])]);
        List<string> clear = SegmentRecorder.Record(es, EncryptionConfiguration.None, dir.Path, "clear", TimeSpan.FromSeconds(2), withAudio: false);
        List<string> enc = SegmentRecorder.Record(es, config, dir.Path, "enc", TimeSpan.FromSeconds(2), withAudio: false);
        Assert.Equal(clear.Count, enc.Count);
        Assert.True(enc.Count >= 2, "several segments expected");

        var reader = new H265SliceHeaderReader();
        foreach (int type in new[] { 32, 33, 34 }) reader.Learn(es.FindNal(type).Span);
        int slices = 0;
        for (int s = 0; s < enc.Count; s++)
        {
            byte[] clearFile = File.ReadAllBytes(clear[s]);
            byte[] encFile = File.ReadAllBytes(enc[s]);
            List<EncryptedSample> clearSamples = CencFileReader.ReadFragmentSamples(clearFile, []);
            List<EncryptedSample> encSamples = CencFileReader.ReadFragmentSamples(encFile, CencFileReader.ReadProtectedTracks(encFile));
            Assert.Equal(clearSamples.Count, encSamples.Count);
            for (int i = 0; i < encSamples.Count; i++)
            {
                ReadOnlySpan<byte> plain = clearFile.AsSpan(clearSamples[i].Offset, clearSamples[i].Size);
                ReadOnlySpan<byte> cipher = encFile.AsSpan(encSamples[i].Offset, encSamples[i].Size);
                Assert.Equal(plain.Length, cipher.Length);
                slices += CheckSample(plain, cipher, encSamples[i].Subsamples, reader, $"segment {s} sample {i}");
            }

            List<string> expectedFrames = await Judges.FrameMd5Async(clear[s], "v", null);
            Assert.Equal(expectedFrames, await Judges.FrameMd5Async(enc[s], "v", EncryptedSegmentFfmpegTests.KeyA));
            List<string>? wrongKey = await Judges.TryFrameMd5Async(enc[s], "v", EncryptedSegmentFfmpegTests.KeyB);
            Assert.True(wrongKey is null || !wrongKey.SequenceEqual(expectedFrames), $"segment {s} decodes with a wrong key: not encrypted");
        }

        Assert.True(slices >= es.Video.Count, $"{slices} slices checked");
    }

    /// <returns>The number of slice NAL units checked.</returns>
    private static int CheckSample(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> cipher, (int Clear, int Protected)[] subsamples, H265SliceHeaderReader reader, string where)
    {
        Assert.Equal(plain.Length, subsamples.Sum(e => e.Clear + e.Protected));
        int slices = 0, pos = 0, encryptedSliceBytes = 0;
        while (pos < plain.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(plain[pos..]);
            ReadOnlySpan<byte> nal = plain.Slice(pos + 4, length);
            reader.Learn(nal);
            int mustBeClear = 4 + length;
            if (H265Nal.IsVcl(H265Nal.Type(nal[0])))
            {
                Assert.True(reader.TryMeasure(nal, out int header), $"{where}: slice at {pos} not measurable");
                mustBeClear = 4 + header;
                slices++;
            }

            int at = 0;
            foreach ((int c, int p) in subsamples)
            {
                int protectedStart = at + c, protectedEnd = at + c + p;
                Assert.True(protectedEnd <= pos || protectedStart >= pos + mustBeClear,
                    $"{where}: protected bytes [{protectedStart},{protectedEnd}) overlap the clear part [{pos},{pos + mustBeClear}) of NAL type {H265Nal.Type(nal[0])}");
                encryptedSliceBytes += Math.Max(0, Math.Min(protectedEnd, pos + 4 + length) - Math.Max(protectedStart, pos));
                at = protectedEnd;
            }

            Assert.True(plain.Slice(pos, mustBeClear).SequenceEqual(cipher.Slice(pos, mustBeClear)), $"{where}: the clear part of the NAL at {pos} was altered");
            pos += 4 + length;
        }

        if (plain.Length > 256)
        {
            Assert.True(encryptedSliceBytes > 0 && !plain.SequenceEqual(cipher), $"{where}: nothing was encrypted");
        }

        return slices;
    }
}
