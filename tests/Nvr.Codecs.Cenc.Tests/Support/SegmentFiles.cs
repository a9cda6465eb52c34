using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>Segment output that writes each segment to <c>DIR/NAME-N.mp4</c>.</summary>
internal sealed class SegmentFiles(string directory, string name) : ISegmentOutput
{
    private MemoryStream? _current;

    public List<string> Paths { get; } = [];

    public void BeginSegment(SegmentStarted segment) => _current = new MemoryStream();

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        foreach (ReadOnlyMemory<byte> p in pieces) _current!.Write(p.Span);
    }

    public void EndSegment(SegmentEnded segment)
    {
        string path = Path.Combine(directory, $"{name}-{Paths.Count}.mp4");
        File.WriteAllBytes(path, _current!.ToArray());
        Paths.Add(path);
        _current = null;
    }
}
