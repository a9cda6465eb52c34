using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Tests;

[Trait("Category", "Unit")]
public sealed class BoxWriterTests
{
    [Fact]
    public void FullBox_HasBigEndianSizeTypeVersionFlags()
    {
        using var w = new BoxWriter(16);
        int box = w.StartFullBox("mfhd"u8, 0, 0);
        w.WriteUInt32(7);
        w.EndBox(box);
        Assert.Equal(Convert.FromHexString("00000010" + "6D666864" + "00000000" + "00000007"), w.WrittenSpan.ToArray());
    }

    [Fact]
    public void NestedBoxes_BackPatchEverySize_AndGrowPastInitialCapacity()
    {
        using var w = new BoxWriter(64);
        int moof = w.StartBox("moof"u8);
        int traf = w.StartBox("traf"u8);
        int tfhd = w.StartFullBox("tfhd"u8, 1, 0x020000);
        w.WriteUInt32(2);
        w.EndBox(tfhd);
        int free = w.StartBox("free"u8);
        w.WriteZeros(300);
        w.EndBox(free);
        w.EndBox(traf);
        w.EndBox(moof);
        byte[] b = w.WrittenSpan.ToArray();
        Assert.Equal(8 + 8 + 16 + 308, b.Length);
        Assert.Equal("00000154" + "6D6F6F66" + "0000014C" + "74726166" + "00000010" + "74666864" + "01020000" + "00000002" + "00000134" + "66726565",
            Convert.ToHexString(b, 0, 40));
    }

    [Fact]
    public void IntegerHelpers_AreBigEndian()
    {
        using var w = new BoxWriter();
        w.WriteUInt8(0x01);
        w.WriteUInt16(0x0203);
        w.WriteUInt24(0x040506);
        w.WriteUInt32(0x0708090A);
        w.WriteUInt64(0x0B0C0D0E0F101112);
        w.WriteInt32(-2);
        Assert.Equal("0102030405060708090A0B0C0D0E0F101112FFFFFFFE", Convert.ToHexString(w.WrittenSpan));
    }

    [Fact]
    public void BadFourCc_AndPatchOutsideWrittenRange_Throw()
    {
        using var w = new BoxWriter();
        Assert.Throws<ArgumentException>(() => w.StartBox("abc"u8));
        w.WriteUInt32(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => w.PatchUInt32(1, 5));
    }

    [Fact]
    public void FileTypeBox_Golden()
    {
        using var w = new BoxWriter();
        MovieBoxWriter.WriteFileType(w, "cmfc"u8, ["iso6", "cmfc", "cfhd"]);
        Assert.Equal("0000001C" + "66747970" + "636D6663" + "00000000" + "69736F36" + "636D6663" + "63666864", Convert.ToHexString(w.WrittenSpan));
    }
}
