using System.Security.Cryptography;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Tests.Mp4;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// cenc sample semantics (23001-7): counter block = 8-byte IV || 64-bit block counter from 0 per sample; the
/// keystream runs on across subsample boundaries (also mid-block) and clear bytes consume none; partial final block.
/// Compared with the block-at-a-time reference decryptor, and AES-NI against the BCL path on random data.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CtrSampleEncryptionTests
{
    [Fact]
    public void Keystream_continues_across_subsamples_mid_block_and_restarts_per_sample()
    {
        byte[] key = TestPaths.Hex(AesKnownAnswerTests.Sp800Key);
        byte[] plain = RandomNumberGenerator.GetBytes(300);
        byte[] data = (byte[])plain.Clone();
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, 100, 0x0011223344556677);
        plan.AddSubsample(new SubsampleEntry(5, 20)); // ends 4 bytes into block 1
        plan.AddSubsample(new SubsampleEntry(10, 65)); // continues block 1, partial final block
        plan.AddSample(100, 200, 0x0011223344556678); // whole sample, 12.5 blocks
        using var cipher = new CencCipher(key);
        cipher.EncryptCtr(data, plan);

        Assert.Equal(plain.AsSpan(0, 5).ToArray(), data.AsSpan(0, 5).ToArray());
        Assert.Equal(plain.AsSpan(25, 10).ToArray(), data.AsSpan(25, 10).ToArray());
        var track = new ProtectedTrackInfo(1, "encv", "avc1", "cenc", new byte[16], 8, 0, 0, []);
        byte[] s0 = ReferenceDecryptor.Decrypt(key, track, data.AsSpan(0, 100), TestPaths.Hex("0011223344556677"), [(5, 20), (10, 65)]);
        byte[] s1 = ReferenceDecryptor.Decrypt(key, track, data.AsSpan(100, 200), TestPaths.Hex("0011223344556678"), []);
        Assert.Equal(plain.AsSpan(0, 100).ToArray(), s0);
        Assert.Equal(plain.AsSpan(100, 200).ToArray(), s1);
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc, 1)]
    [InlineData(EncryptionScheme.Cenc, 2)]
    [InlineData(EncryptionScheme.Cbcs, 3)]
    [InlineData(EncryptionScheme.Cbcs, 4)]
    public void AesNi_and_BCL_paths_give_identical_output_on_random_fragments(EncryptionScheme scheme, int seed)
    {
        var rng = new Random(seed);
        byte[] key = new byte[16];
        rng.NextBytes(key);
        byte[] data = new byte[200_000];
        rng.NextBytes(data);
        var plan = new FragmentEncryptionPlan();
        int pos = 0;
        while (pos < data.Length - 2000)
        {
            int len = rng.Next(1, 1900);
            plan.AddSample(pos, len, (ulong)rng.NextInt64());
            if (rng.Next(3) > 0)
            {
                int left = len;
                while (left > 0)
                {
                    int clear = Math.Min(left, rng.Next(0, 40));
                    int prot = Math.Min(left - clear, rng.Next(0, 700));
                    plan.AddSubsample(new SubsampleEntry((ushort)clear, (uint)prot));
                    left -= clear + prot;
                }
            }

            pos += len;
        }

        byte[] viaNi = (byte[])data.Clone();
        byte[] viaBcl = (byte[])data.Clone();
        byte[] iv = new byte[16];
        rng.NextBytes(iv);
        using var ni = new CencCipher(key, allowAesNi: true);
        using var bcl = new CencCipher(key, allowAesNi: false);
        Assert.True(ni.UsesAesNi);
        Assert.False(bcl.UsesAesNi);
        if (scheme == EncryptionScheme.Cenc)
        {
            ni.EncryptCtr(viaNi, plan);
            bcl.EncryptCtr(viaBcl, plan);
        }
        else
        {
            ni.EncryptCbcs(viaNi, plan, iv, 1, 9);
            bcl.EncryptCbcs(viaBcl, plan, iv, 1, 9);
        }

        Assert.False(viaNi.AsSpan().SequenceEqual(data), "nothing was encrypted");
        Assert.True(viaNi.AsSpan().SequenceEqual(viaBcl), "AES-NI and BCL outputs differ");
    }
}
