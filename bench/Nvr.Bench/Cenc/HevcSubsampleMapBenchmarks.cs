using BenchmarkDotNet.Attributes;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Cenc.Video;

namespace Nvr.Bench.Cenc;

/// <summary>
/// Cost of keeping H.265 slice segment headers clear: subsample maps of one 1-second fragment of 25 pictures × 4
/// slices (x265 720p-class headers with WPP entry points and weighted prediction, random slice data) with the
/// <see cref="H265SliceHeaderReader"/>, against the header-only map (no reader). Time per fragment / 100 = per slice.
/// Run: <c>dotnet run -c Release --project bench/Nvr.Bench -- --filter '*HevcSubsampleMapBenchmarks*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class HevcSubsampleMapBenchmarks
{
    private const int Pictures = 25;

    // VPS, SPS, PPS and the first 48 bytes of four P slices written by libx265 (slices=4, WPP, weightp).
    private static readonly string[] ParameterSets =
    [
        "40010c01ffff01600000030090000003000003003f959409",
        "42010101600000030090000003000003003fa0050201696595964932bc05a02000000300200000030321",
        "4401c172b64240",
    ];

    private static readonly string[] SliceStarts =
    [
        "0201d04092557de2a44084081020483b5f4e954b946c47f59b0b38608b6747638cccbaee84c335bcf12ea3de616c48d6",
        "02014a41024955f78a91021020408120e427cd136d85350b2f06a03ed83a25dbd719e0bb5a4adbc8c6d6c16da5a6d4a8",
        "02015e41024955f78a91021020408120eceaf7ddc192f09c6cc50817074c99cc8ae1b5114191eb3bb9e8d668542905da",
        "02016841024955f78a91021020408120e42a2d80eaf7ddc192f09c30fb4c3047f34f8d538d006c8fd80e2ec286361d1c",
    ];

    private readonly FragmentEncryptionPlan _plan = new();
    private readonly H265SliceHeaderReader _reader = new();
    private byte[][] _samples = [];

    [Params(EncryptionScheme.Cenc, EncryptionScheme.Cbcs)]
    public EncryptionScheme Scheme { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        foreach (string ps in ParameterSets) _reader.Learn(Convert.FromHexString(ps));
        var rng = new Random(7);
        _samples = new byte[Pictures][];
        for (int p = 0; p < Pictures; p++)
        {
            using var sample = new MemoryStream();
            foreach (string start in SliceStarts)
            {
                byte[] nal = new byte[2000 + rng.Next(3000)];
                rng.NextBytes(nal);
                Convert.FromHexString(start).CopyTo(nal, 0);
                sample.Write([(byte)(nal.Length >> 24), (byte)(nal.Length >> 16), (byte)(nal.Length >> 8), (byte)nal.Length]);
                sample.Write(nal);
            }

            _samples[p] = sample.ToArray();
        }

        if (!_reader.TryMeasure(Convert.FromHexString(SliceStarts[0]), out int header))
        {
            throw new InvalidOperationException("The embedded x265 slice header does not parse.");
        }

        Console.WriteLine($"// first slice header: {header} bytes");
    }

    [Benchmark(Baseline = true, Description = "map 100 slices, NAL header only")]
    public int HeaderOnly() => Map(null);

    [Benchmark(Description = "map 100 slices, slice headers measured")]
    public int Measured() => Map(_reader);

    private int Map(H265SliceHeaderReader? reader)
    {
        _plan.Reset();
        int offset = 0;
        foreach (byte[] s in _samples)
        {
            _plan.AddSample(offset, s.Length, 0);
            NalSubsampleMapper.Map(s, 4, MediaCodec.H265, Scheme, _plan, reader);
            offset += s.Length;
        }

        return _plan.SubsampleCount;
    }
}
