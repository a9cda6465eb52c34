using System.Runtime.InteropServices;
using Nvr.Codecs.Aac;
using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Tests.Support;

/// <summary>Elementary streams turned into timed samples, merged in arrival (time) order as a camera would send them.</summary>
public sealed class StreamFeeder
{
    public static readonly DateTime T0 = new(2026, 11, 8, 15, 8, 23, 547, DateTimeKind.Utc);

    private readonly List<(double Time, Action Add)> _events = [];

    public TrackDescription? Video { get; private set; }

    public TrackDescription? Audio { get; private set; }

    public List<AccessUnit> VideoUnits { get; private set; } = [];

    public List<long> VideoDts { get; } = [];

    public List<long> VideoPts { get; } = [];

    public int AudioFrames { get; private set; }

    /// <summary>Video from Annex B; timestamps 40 ms apart unless <paramref name="ptsInDecodeOrder"/> (90 kHz) is given.</summary>
    public StreamFeeder WithVideo(string annexB, bool hevc, Action<int> addTo, List<long>? ptsInDecodeOrder = null)
    {
        var (units, ps) = AccessUnits.Split(File.ReadAllBytes(annexB), hevc);
        VideoUnits = units;
        Video = hevc ? TrackDescription.ForH265(ps[32], ps[33], ps[34]) : TrackDescription.ForH264(ps[7], [ps[8]]);
        List<long> pts = ptsInDecodeOrder ?? Enumerable.Range(0, units.Count).Select(i => i * 3600L).ToList();
        Assert.Equal(units.Count, pts.Count);
        // DTS: the presentation times in increasing order, delayed so that no PTS precedes its DTS.
        List<long> sorted = pts.OrderBy(p => p).ToList();
        long delay = 0;
        for (int i = 0; i < pts.Count; i++) delay = Math.Max(delay, sorted[i] - pts[i]);
        for (int i = 0; i < pts.Count; i++)
        {
            VideoDts.Add(sorted[i] - delay);
            VideoPts.Add(pts[i]);
        }
        for (int i = 0; i < units.Count; i++)
        {
            int k = i;
            _events.Add((VideoDts[k] / 90000.0, () => addTo(k)));
        }
        return this;
    }

    public StreamFeeder WithAac(string adts, Action<int, long, ReadOnlyMemory<byte>> add)
    {
        byte[] data = File.ReadAllBytes(adts);
        int pos = 0, n = 0;
        while (AdtsReader.TryReadFrame(data, ref pos, out Range raw, out AudioSpecificConfig config))
        {
            Audio ??= TrackDescription.ForAac(config);
            long dts = n * 1024L;
            ReadOnlyMemory<byte> frame = data.AsMemory()[raw];
            int k = n;
            _events.Add((dts / 48000.0, () => add(k, dts, frame)));
            n++;
        }
        AudioFrames = n;
        return this;
    }

    public StreamFeeder WithMuLaw(string raw, Action<int, long, ReadOnlyMemory<byte>> add, int frameBytes = 160)
    {
        byte[] data = File.ReadAllBytes(raw);
        Audio = TrackDescription.ForG711(G711.G711Variant.MuLaw);
        int n = 0;
        for (int o = 0; o < data.Length; o += frameBytes, n++)
        {
            long dts = o;
            ReadOnlyMemory<byte> frame = data.AsMemory(o, Math.Min(frameBytes, data.Length - o));
            int k = n;
            _events.Add((dts / 8000.0, () => add(k, dts, frame)));
        }
        AudioFrames = n;
        return this;
    }

    public void Run()
    {
        foreach (var e in _events.OrderBy(e => e.Time)) e.Add();
    }

    public Span<ReadOnlyMemory<byte>> Nals(int index) => CollectionsMarshal.AsSpan(VideoUnits[index].Nals);
}
