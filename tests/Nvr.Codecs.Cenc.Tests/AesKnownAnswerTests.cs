using System.Runtime.Intrinsics;
using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>Known answers from FIPS-197 (appendix C.1) and NIST SP 800-38A (F.2.1 CBC, F.5.1 CTR).</summary>
[Trait("Category", "Unit")]
public sealed class AesKnownAnswerTests
{
    internal const string Sp800Key = "2b7e151628aed2a6abf7158809cf4f3c";
    internal const string P1 = "6bc1bee22e409f96e93d7e117393172a";
    internal const string P2 = "ae2d8a571e03ac9c9eb76fac45af8e51";
    internal const string P3 = "30c81c46a35ce411e5fbc1191a0a52ef";
    internal const string P4 = "f69f2445df4f9b17ad2b417be66c3710";
    internal const string CbcIv = "000102030405060708090a0b0c0d0e0f";
    internal const string CbcC1 = "7649abac8119b246cee98e9b12e9197d";
    internal const string CbcC2 = "5086cb9b507219ee95db113a917678b2";
    internal const string CbcC3 = "73bed6b8e3c1743b7116e69e22229516";
    internal const string CbcC4 = "3ff1caa1681fac09120eca307586e1a7";

    [Fact]
    public void AesNi_block_encryption_matches_FIPS197_C1()
    {
        Assert.True(AesNiEngine.IsSupported, "this machine type has AES-NI; the fast path must be tested");
        var engine = new AesNiEngine(TestPaths.Hex("000102030405060708090a0b0c0d0e0f"));
        Vector128<byte> c = engine.EncryptBlock(Vector128.Create(TestPaths.Hex("00112233445566778899aabbccddeeff")));
        byte[] actual = new byte[16];
        c.CopyTo(actual);
        Assert.Equal("69c4e0d86a7b0430d8cdb78070b4c55a", Convert.ToHexStringLower(actual));
    }

    [Fact]
    public void AesNi_ctr_keystream_matches_SP800_38A_F51_including_counter_increment_across_blocks()
    {
        var engine = new AesNiEngine(TestPaths.Hex(Sp800Key));
        byte[] ks = new byte[16 * 5];
        // Counter block f0f1f2f3f4f5f6f7 || f8f9fafbfcfdfeff, incremented per block (5 blocks: exercises the 4-way and tail loops).
        engine.CtrKeystream(ks, 0xf0f1f2f3f4f5f6f7UL, 5, 0xf8f9fafbfcfdfeffUL);
        byte[] plain = TestPaths.Hex(P1 + P2 + P3 + P4);
        for (int i = 0; i < plain.Length; i++) plain[i] ^= ks[i];
        Assert.Equal(
            "874d6191b620e3261bef6864990db6ce" + "9806f66b7970fdff8617187bb9fffdff" +
            "5ae4df3edbd5d35e5b4f09020db03eab" + "1e031dda2fbe03d1792170a0f3009cee",
            Convert.ToHexStringLower(plain));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cbcs_pattern_0_0_is_plain_CBC_SP800_38A_F21(bool aesNi)
    {
        using var cipher = new CencCipher(TestPaths.Hex(Sp800Key), aesNi);
        byte[] data = TestPaths.Hex(P1 + P2 + P3 + P4 + "0102030405");
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, data.Length, 0);
        cipher.EncryptCbcs(data, plan, TestPaths.Hex(CbcIv), 0, 0);
        Assert.Equal(CbcC1 + CbcC2 + CbcC3 + CbcC4 + "0102030405", Convert.ToHexStringLower(data));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cbcs_pattern_1_9_encrypts_block_0_and_10_chained_and_skips_the_rest(bool aesNi)
    {
        using var cipher = new CencCipher(TestPaths.Hex(Sp800Key), aesNi);
        string skipped = string.Concat(Enumerable.Repeat("55", 16 * 9));
        byte[] data = TestPaths.Hex(P1 + skipped + P2 + "aabbccddee");
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, data.Length, 0);
        cipher.EncryptCbcs(data, plan, TestPaths.Hex(CbcIv), 1, 9);
        Assert.Equal(CbcC1 + skipped + CbcC2 + "aabbccddee", Convert.ToHexStringLower(data));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cbcs_restarts_the_chain_with_the_constant_IV_at_every_subsample(bool aesNi)
    {
        using var cipher = new CencCipher(TestPaths.Hex(Sp800Key), aesNi);
        byte[] data = TestPaths.Hex("0000" + P1 + "07" + "111111" + P1 + P2 + "99");
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, data.Length, 0);
        plan.AddSubsample(new SubsampleEntry(2, 17)); // 1 block + a partial block that must stay clear
        plan.AddSubsample(new SubsampleEntry(3, 33)); // chain starts again: C1, then C2 under 0:0
        cipher.EncryptCbcs(data, plan, TestPaths.Hex(CbcIv), 0, 0);
        Assert.Equal("0000" + CbcC1 + "07" + "111111" + CbcC1 + CbcC2 + "99", Convert.ToHexStringLower(data));
    }
}
