namespace Nvr.Codecs.Tests.Support;

/// <summary>Decoders for a few box payloads used in assertions.</summary>
public static class Mp4Inspect
{
    public static List<(ulong Time, long MoofOffset, uint Traf, uint Trun, uint Sample)> Tfra(Mp4Box tfra)
    {
        Assert.Equal(1, tfra.Payload[0]); // version 1: 64-bit time and offset
        uint lengths = tfra.U32(8);
        Assert.Equal(0x3Fu, lengths & 0x3F);
        int count = (int)tfra.U32(12);
        var list = new List<(ulong, long, uint, uint, uint)>();
        int p = 16;
        for (int i = 0; i < count; i++, p += 28)
        {
            list.Add((tfra.U64(p), (long)tfra.U64(p + 8), tfra.U32(p + 16), tfra.U32(p + 20), tfra.U32(p + 24)));
        }
        Assert.Equal(tfra.Payload.Length, p);
        return list;
    }
}
