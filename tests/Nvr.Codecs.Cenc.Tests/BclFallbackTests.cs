using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Tests;

/// <summary>
/// The BCL fallback (used when the CPU lacks AES-NI) gives exactly the AES-NI output for both schemes on random
/// layouts with partial blocks, across many calls (its cached CBC transform carries chain state between calls), and
/// allocates nothing per call.
/// </summary>
[Trait("Category", "Unit")]
public sealed class BclFallbackTests
{
    [Theory]
    [InlineData(EncryptionScheme.Cenc, 1, 9, 11)]
    [InlineData(EncryptionScheme.Cbcs, 1, 9, 12)]
    [InlineData(EncryptionScheme.Cbcs, 0, 0, 13)]
    [InlineData(EncryptionScheme.Cbcs, 2, 8, 14)]
    [InlineData(EncryptionScheme.Cbcs, 5, 1, 15)]
    public void Fallback_equals_AesNi_over_consecutive_fragments_with_partial_blocks(EncryptionScheme scheme, int crypt, int skip, int seed)
    {
        var rng = new Random(seed);
        byte[] key = new byte[16];
        rng.NextBytes(key);
        using var ni = new CencCipher(key, allowAesNi: true);
        using var bcl = new CencCipher(key, allowAesNi: false);
        Assert.True(ni.UsesAesNi, "this machine type has AES-NI; the comparison needs it");
        Assert.False(bcl.UsesAesNi);
        for (int fragment = 0; fragment < 12; fragment++)
        {
            (byte[] data, FragmentEncryptionPlan plan) = RandomFragment(rng);
            byte[] iv = new byte[16];
            rng.NextBytes(iv);
            byte[] viaNi = (byte[])data.Clone();
            byte[] viaBcl = (byte[])data.Clone();
            if (scheme == EncryptionScheme.Cenc)
            {
                ni.EncryptCtr(viaNi, plan);
                bcl.EncryptCtr(viaBcl, plan);
            }
            else
            {
                ni.EncryptCbcs(viaNi, plan, iv, crypt, skip);
                bcl.EncryptCbcs(viaBcl, plan, iv, crypt, skip);
            }

            Assert.False(viaNi.AsSpan().SequenceEqual(data), "nothing was encrypted");
            Assert.True(viaNi.AsSpan().SequenceEqual(viaBcl), $"fragment {fragment}: AES-NI and BCL outputs differ");
        }
    }

    [Theory]
    [InlineData(EncryptionScheme.Cenc)]
    [InlineData(EncryptionScheme.Cbcs)]
    public void Fallback_allocates_nothing_per_fragment(EncryptionScheme scheme)
    {
        var rng = new Random(21);
        (byte[] data, FragmentEncryptionPlan plan) = RandomFragment(rng);
        byte[] iv = new byte[16];
        using var bcl = new CencCipher(new byte[16], allowAesNi: false);
        void Run()
        {
            if (scheme == EncryptionScheme.Cenc) bcl.EncryptCtr(data, plan);
            else bcl.EncryptCbcs(data, plan, iv, 1, 9);
        }

        for (int i = 0; i < 50; i++) Run(); // warm-up: scratch growth, JIT tiers
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated over 100 fragments");
    }

    private static (byte[] Data, FragmentEncryptionPlan Plan) RandomFragment(Random rng)
    {
        byte[] data = new byte[rng.Next(20_000, 120_000)];
        rng.NextBytes(data);
        var plan = new FragmentEncryptionPlan();
        int pos = 0;
        while (pos < data.Length - 3000)
        {
            int len = rng.Next(1, 2900);
            plan.AddSample(pos, len, (ulong)rng.NextInt64());
            if (rng.Next(4) > 0)
            {
                int left = len;
                while (left > 0)
                {
                    int clear = Math.Min(left, rng.Next(0, 50));
                    int prot = Math.Min(left - clear, rng.Next(0, 900));
                    plan.AddSubsample(new SubsampleEntry((ushort)clear, (uint)prot));
                    left -= clear + prot;
                }
            }

            pos += len;
        }

        return (data, plan);
    }
}
