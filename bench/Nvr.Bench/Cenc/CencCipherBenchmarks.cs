using BenchmarkDotNet.Attributes;
using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Bench.Cenc;

/// <summary>
/// Raw cipher throughput on 1 MiB in place: AES-CTR (cenc keystream + XOR) and cbcs 1:9, AES-NI vs BCL; one sample
/// of 64 subsamples (a NAL-like layout) so batching per fragment is what is measured. <c>AesNi=false</c> forces the
/// BCL fallback (cached transforms, 0 B per call); the setup checks it reproduces the AES-NI bytes.
/// Run: <c>dotnet run -c Release --project bench/Nvr.Bench -- --filter '*CencCipherBenchmarks*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CencCipherBenchmarks
{
    private const int Size = 1 << 20;
    private readonly byte[] _data = new byte[Size];
    private readonly byte[] _iv = new byte[16];
    private readonly FragmentEncryptionPlan _plan = new();
    private CencCipher _cipher = null!;

    [Params(true, false)]
    public bool AesNi { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        new Random(1).NextBytes(_data);
        _cipher = new CencCipher(new byte[16], AesNi);
        _plan.AddSample(0, Size, 7);
        int chunk = Size / 64;
        for (int i = 0; i < 64; i++) _plan.AddSubsample(new SubsampleEntry(5, (uint)(chunk - 5)));
        VerifyFallbackEqualsAesNi();
    }

    [GlobalCleanup]
    public void Cleanup() => _cipher.Dispose();

    /// <summary>The forced BCL fallback must produce the AES-NI bytes, or its figures mean nothing.</summary>
    private void VerifyFallbackEqualsAesNi()
    {
        using var ni = new CencCipher(new byte[16], allowAesNi: true);
        using var bcl = new CencCipher(new byte[16], allowAesNi: false);
        byte[] a = (byte[])_data.Clone(), b = (byte[])_data.Clone(), c = (byte[])_data.Clone(), d = (byte[])_data.Clone();
        ni.EncryptCtr(a, _plan);
        bcl.EncryptCtr(b, _plan);
        ni.EncryptCbcs(c, _plan, _iv, 1, 9);
        bcl.EncryptCbcs(d, _plan, _iv, 1, 9);
        if (!ni.UsesAesNi || bcl.UsesAesNi || !a.AsSpan().SequenceEqual(b) || !c.AsSpan().SequenceEqual(d))
        {
            throw new InvalidOperationException("The BCL fallback does not reproduce the AES-NI output.");
        }
    }

    [Benchmark(Description = "cenc AES-CTR 1 MiB")]
    public void Ctr() => _cipher.EncryptCtr(_data, _plan);

    [Benchmark(Description = "cbcs 1:9 1 MiB")]
    public void Cbcs() => _cipher.EncryptCbcs(_data, _plan, _iv, 1, 9);
}
