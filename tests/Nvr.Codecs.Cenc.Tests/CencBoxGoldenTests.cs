using Nvr.Codecs.Cenc.Boxes;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>Byte-exact boxes, each expected value spelled out field by field from ISO/IEC 23001-7 / 14496-12.</summary>
[Trait("Category", "Unit")]
public sealed class CencBoxGoldenTests
{
    private static readonly KeyId Kid = KeyId.Parse("abba271e8bcf552bbd2e86a434a9a5d9");

    [Fact]
    public void Frma_schm_and_cenc_tenc_v0()
    {
        using var w = new BoxWriter();
        CencBoxes.WriteFrma(w, "avc1"u8);
        CencBoxes.WriteSchm(w, EncryptionScheme.Cenc);
        CencBoxes.WriteTenc(w, new TrackEncryptionDefaults(EncryptionScheme.Cenc, Kid, 8, 0, 0, ReadOnlyMemory<byte>.Empty));
        Assert.Equal(
            "0000000c" + "66726d61" + "61766331" +                                   // frma: size 12, 'avc1'
            "00000014" + "7363686d" + "00000000" + "63656e63" + "00010000" +         // schm: v0, 'cenc', version 1.0
            "00000020" + "74656e63" + "00000000" + "00" + "00" + "01" + "08" +       // tenc v0: reserved x2, isProtected, IV size 8
            "abba271e8bcf552bbd2e86a434a9a5d9",                                      // default KID
            Convert.ToHexStringLower(w.WrittenSpan));
    }

    [Fact]
    public void Cbcs_tenc_v1_carries_the_pattern_and_the_constant_IV()
    {
        using var w = new BoxWriter();
        byte[] iv = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
        CencBoxes.WriteTenc(w, new TrackEncryptionDefaults(EncryptionScheme.Cbcs, Kid, 0, 1, 9, iv));
        Assert.Equal(
            "00000031" + "74656e63" + "01000000" + "00" + "19" + "01" + "00" +       // v1, reserved, crypt 1 | skip 9, protected, IV size 0
            "abba271e8bcf552bbd2e86a434a9a5d9" + "10" + "000102030405060708090a0b0c0d0e0f",
            Convert.ToHexStringLower(w.WrittenSpan));
    }

    [Fact]
    public void Sinf_nests_frma_schm_and_schi_tenc()
    {
        using var w = new BoxWriter();
        CencBoxes.WriteSinf(w, "mp4a"u8, new TrackEncryptionDefaults(EncryptionScheme.Cenc, Kid, 8, 0, 0, ReadOnlyMemory<byte>.Empty));
        string hex = Convert.ToHexStringLower(w.WrittenSpan);
        Assert.StartsWith("00000050" + "73696e66" + "0000000c" + "66726d61" + "6d703461", hex);
        Assert.Contains("00000028" + "73636869" + "00000020" + "74656e63", hex); // schi (40) holding tenc (32)
        Assert.Equal(0x50, w.Position);
    }

    [Fact]
    public void Pssh_v1_uses_the_W3C_common_system_id_and_lists_the_KIDs()
    {
        using var w = new BoxWriter();
        CencBoxes.WritePssh(w, [Kid, KeyId.Parse("00112233-4455-6677-8899-aabbccddeeff")]);
        Assert.Equal(
            "00000044" + "70737368" + "01000000" + "1077efecc0b24d02ace33c1e52e2fb4b" + "00000002" +
            "abba271e8bcf552bbd2e86a434a9a5d9" + "00112233445566778899aabbccddeeff" + "00000000",
            Convert.ToHexStringLower(w.WrittenSpan));
    }

    [Fact]
    public void Senc_saiz_saio_for_two_samples_with_IVs_and_subsamples()
    {
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, 37, 0x0102030405060708);
        plan.AddSubsample(new SubsampleEntry(5, 32));
        plan.AddSample(37, 123, 0x0102030405060709);
        plan.AddSubsample(new SubsampleEntry(100, 0));
        plan.AddSubsample(new SubsampleEntry(7, 16));
        using var w = new BoxWriter();
        w.WriteZeros(8); // pretend a moof header precedes
        int first = CencBoxes.WriteSenc(w, plan, 8, withSubsamples: true);
        CencBoxes.WriteSaiz(w, plan, 8, withSubsamples: true);
        CencBoxes.WriteSaio(w, (uint)first);
        Assert.Equal(8 + 16, first);
        Assert.Equal(
            "0000000000000000" +
            "00000036" + "73656e63" + "00000002" + "00000002" +                      // senc, flags 2 (subsamples), 2 samples
            "0102030405060708" + "0001" + "0005" + "00000020" +                      // IV, 1 subsample (5 clear, 32 protected)
            "0102030405060709" + "0002" + "0064" + "00000000" + "0007" + "00000010" +
            "00000013" + "7361697a" + "00000000" + "00" + "00000002" + "10" + "16" + // saiz: sizes differ: 16 and 22
            "00000014" + "7361696f" + "00000000" + "00000001" + "00000018",          // saio: one offset, 24
            Convert.ToHexStringLower(w.WrittenSpan));
    }

    [Fact]
    public void Saiz_uses_a_default_size_when_all_samples_agree()
    {
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, 10, 1);
        plan.AddSample(10, 10, 2);
        using var w = new BoxWriter();
        CencBoxes.WriteSaiz(w, plan, 8, withSubsamples: false);
        Assert.Equal("00000011" + "7361697a" + "00000000" + "08" + "00000002", Convert.ToHexStringLower(w.WrittenSpan));
    }
}
