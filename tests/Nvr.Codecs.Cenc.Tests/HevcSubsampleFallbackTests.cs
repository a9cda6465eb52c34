using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Tests.Support;
using Nvr.Codecs.Cenc.Video;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// An H.265 slice whose header cannot be measured is kept wholly clear and counted, never partly encrypted and never
/// a crash; a measurable one keeps exactly its header clear (cbcs) or header + sub-block remainder (cenc).
/// </summary>
[Trait("Category", "Unit")]
public sealed class HevcSubsampleFallbackTests
{
    private static readonly List<byte[]> Stream = SyntheticHevcStream.Build();

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public void Slice_without_its_parameter_sets_stays_wholly_clear_and_is_counted(EncryptionScheme scheme)
    {
        byte[] slice = Stream[3];
        var reader = new H265SliceHeaderReader();
        (ushort Clear, uint Protected)[] map = Map([slice], scheme, reader);
        Assert.Equal([((ushort)(4 + slice.Length), 0u)], map);
        Assert.Equal(1, reader.UnmeasuredSlices);
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public void In_band_parameter_sets_in_the_same_sample_are_learned_before_the_slice(EncryptionScheme scheme)
    {
        var reader = new H265SliceHeaderReader();
        byte[] slice = Stream[3];
        (ushort Clear, uint Protected)[] map = Map([Stream[0], Stream[1], Stream[2], slice], scheme, reader);
        Assert.True(reader.TryMeasure(slice, out int header));
        int parameterSets = 12 + Stream[0].Length + Stream[1].Length + Stream[2].Length;
        int rest = slice.Length - header;
        int protectedBytes = scheme == EncryptionScheme.Cenc ? rest & ~15 : rest;
        Assert.Equal([((ushort)(parameterSets + 4 + slice.Length - protectedBytes), (uint)protectedBytes)], map);
        Assert.True(protectedBytes > 0);
        Assert.Equal(0, reader.UnmeasuredSlices);
    }

    [Fact]
    public void Truncated_or_corrupt_slice_headers_fall_back_to_clear_without_throwing()
    {
        var reader = new H265SliceHeaderReader();
        foreach (byte[] ps in Stream.Take(3)) reader.Learn(ps);
        var random = new Random(5);
        int fallbacks = 0;
        for (int i = 0; i < 2000; i++)
        {
            byte[] slice = (byte[])Stream[3 + (i % 5)].Clone();
            if (i % 2 == 0)
            {
                slice = slice[..random.Next(2, 12)]; // cut inside the header
            }
            else
            {
                for (int k = 2; k < Math.Min(slice.Length, 14); k++) slice[k] = (byte)random.Next(256);
            }

            (ushort Clear, uint Protected)[] map = Map([slice], EncryptionScheme.Cbcs, reader);
            ushort clear = Assert.Single(map).Clear;
            if (reader.TryMeasure(slice, out int header))
            {
                Assert.Equal(4 + header, clear); // random bits that happen to form a valid header
            }
            else
            {
                Assert.Equal(4 + slice.Length, clear);
                fallbacks++;
            }
        }

        Assert.True(fallbacks > 1000, $"{fallbacks} fallbacks");
        Assert.True(reader.UnmeasuredSlices >= fallbacks);
    }

    [Fact]
    public void Corrupt_parameter_set_update_invalidates_the_old_one_so_its_slices_stay_clear()
    {
        var reader = new H265SliceHeaderReader();
        foreach (byte[] ps in Stream.Take(3)) reader.Learn(ps);
        Assert.True(reader.TryMeasure(Stream[5], out _));
        reader.Learn(Stream[2][..4]); // a PPS with id 0 that ends early
        Assert.False(reader.TryMeasure(Stream[5], out _));
        reader.Learn(Stream[2]);
        Assert.True(reader.TryMeasure(Stream[5], out _));
    }

    [Fact]
    public void A_measurer_of_the_other_codec_is_refused()
    {
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, 8, 0);
        Assert.Throws<ArgumentException>(() => NalSubsampleMapper.Map(new byte[8], 4, MediaCodec.H264, EncryptionScheme.Cenc, plan, new H265SliceHeaderReader()));
    }

    private static (ushort Clear, uint Protected)[] Map(IEnumerable<byte[]> nals, EncryptionScheme scheme, H265SliceHeaderReader reader)
    {
        byte[] sample = nals.SelectMany(n => new[] { (byte)(n.Length >> 24), (byte)(n.Length >> 16), (byte)(n.Length >> 8), (byte)n.Length }.Concat(n)).ToArray();
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, sample.Length, 0);
        Assert.True(NalSubsampleMapper.Map(sample, 4, MediaCodec.H265, scheme, plan, reader));
        return plan.GetSubsamples(0).ToArray().Select(e => (e.ClearBytes, e.ProtectedBytes)).ToArray();
    }
}
