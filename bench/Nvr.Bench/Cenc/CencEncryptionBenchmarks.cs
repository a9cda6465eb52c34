using BenchmarkDotNet.Attributes;
using Nvr.Codecs.Cenc;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Mp4;

namespace Nvr.Bench.Cenc;

/// <summary>
/// Encrypting one 1-second fragment (25 H.264 frames) of a 2 or 16 Mbit/s stream through the real
/// <see cref="CencTrackProtector"/> path the segment writers use: copy into the writer's buffer with NAL lengths,
/// subsample map, batched AES, senc/saiz/saio. Throughput = fragment bytes / mean time; allocation per frame =
/// allocated / 25. AES-NI and BCL paths side by side.
/// Run: <c>dotnet run -c Release --project bench/Nvr.Bench -- --filter '*CencEncryptionBenchmarks*'</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class CencEncryptionBenchmarks
{
    private const int FramesPerFragment = 25;
    private readonly BoxWriter _mdat = new(4 << 20);
    private readonly BoxWriter _moof = new(64 << 10);
    private CencTrackProtector _protector = null!;
    private ReadOnlyMemory<byte>[] _units = [];
    private int[] _firstUnit = [];
    private int[] _unitCount = [];
    private int[] _sizes = [];
    private long _total;

    [Params(EncryptionScheme.Cenc, EncryptionScheme.Cbcs)]
    public EncryptionScheme Scheme { get; set; }

    [Params(2, 16)]
    public int Mbps { get; set; }

    [Params(true, false)]
    public bool AesNi { get; set; }

    /// <summary>Bytes in one fragment (for the GB/s figure).</summary>
    public long FragmentBytes => _total;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(42);
        int perSecond = Mbps * 1_000_000 / 8;
        // GOP of 25: the key frame carries ~1/4 of the second's bytes, the rest shared by the 24 P frames.
        int keyFrame = perSecond / 4;
        int pFrame = (perSecond - keyFrame) / (FramesPerFragment - 1);
        _units = new ReadOnlyMemory<byte>[FramesPerFragment];
        _firstUnit = new int[FramesPerFragment];
        _unitCount = new int[FramesPerFragment];
        _sizes = new int[FramesPerFragment];
        for (int i = 0; i < FramesPerFragment; i++)
        {
            byte[] nal = new byte[i == 0 ? keyFrame : pFrame];
            rng.NextBytes(nal);
            nal[0] = i == 0 ? (byte)0x65 : (byte)0x41;
            _units[i] = nal;
            _firstUnit[i] = i;
            _unitCount[i] = 1;
            _sizes[i] = 4 + nal.Length;
            _total += _sizes[i];
        }

        _protector = new CencTrackProtector(Scheme, ContentKey.Parse("00112233445566778899aabbccddeeff", "000102030405060708090a0b0c0d0e0f"), MediaCodec.H264, AesNi);
        _protector.BeginSegment();
        Console.WriteLine($"// fragment bytes: {_total} ({Mbps} Mbit/s, {FramesPerFragment} frames), AES-NI requested {AesNi}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _protector.Dispose();
        _mdat.Dispose();
        _moof.Dispose();
    }

    [Benchmark(Description = "encrypt 1 s fragment (25 frames) + senc/saiz/saio")]
    public int EncryptFragment()
    {
        _mdat.Reset();
        _moof.Reset();
        var samples = new FragmentSamples(_units, _firstUnit, _unitCount, _sizes, 0, FramesPerFragment, 4, _total);
        _protector.EncryptFragment(in samples, _mdat);
        _protector.WriteSampleEncryptionBoxes(_moof, 0);
        return _mdat.Position + _moof.Position;
    }
}
