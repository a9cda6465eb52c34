using Nvr.Codecs.Bitstream;

namespace Nvr.Codecs.Tests;

[Trait("Category", "Unit")]
public sealed class NalUnitReaderTests
{
    [Fact]
    public void AnnexB_SplitsThreeAndFourByteStartCodes_AndDropsTrailingZeros()
    {
        byte[] stream = Convert.FromHexString("00000001" + "6742" + "000001" + "68CE" + "0000" + "00000001" + "65888400");
        List<ReadOnlyMemory<byte>> nals = NalUnitReader.SplitAnnexB(stream);
        Assert.Equal(["6742", "68CE", "658884"], nals.Select(n => Convert.ToHexString(n.Span)));
    }

    [Fact]
    public void AnnexB_WithoutStartCode_HasNoNalUnits()
    {
        Assert.Empty(NalUnitReader.SplitAnnexB(new byte[] { 1, 2, 3, 4 }));
    }

    [Fact]
    public void LengthPrefixed_ReadsUnits_AndRejectsOverrun()
    {
        byte[] sample = Convert.FromHexString("00000002" + "6588" + "00000001" + "41");
        int pos = 0;
        Assert.True(NalUnitReader.TryReadLengthPrefixed(sample, 4, ref pos, out Range a));
        Assert.True(NalUnitReader.TryReadLengthPrefixed(sample, 4, ref pos, out Range b));
        Assert.False(NalUnitReader.TryReadLengthPrefixed(sample, 4, ref pos, out _));
        Assert.Equal("6588", Convert.ToHexString(sample.AsSpan()[a]));
        Assert.Equal("41", Convert.ToHexString(sample.AsSpan()[b]));
        int bad = 0;
        Assert.Throws<InvalidDataException>(() => NalUnitReader.TryReadLengthPrefixed(Convert.FromHexString("0000000941"), 4, ref bad, out _));
    }

    [Fact]
    public void ToRbsp_RemovesEmulationPreventionBytes()
    {
        byte[] nal = Convert.FromHexString("000003010000030000000302");
        byte[] rbsp = new byte[nal.Length];
        int n = NalUnitReader.ToRbsp(nal, rbsp);
        Assert.Equal("000001000000000002", Convert.ToHexString(rbsp, 0, n));
    }

    [Fact]
    public void BitReader_ReadsExpGolomb()
    {
        // 1 | 010 | 011 | 00100 | 00101 -> ue 0, 1, 2, 3, se(4) = -2
        var r = new BitReader(Convert.FromHexString("A6428000"));
        Assert.Equal(0u, r.ReadUe());
        Assert.Equal(1u, r.ReadUe());
        Assert.Equal(2u, r.ReadUe());
        Assert.Equal(3u, r.ReadUe());
        Assert.Equal(-2, r.ReadSe());
    }
}
