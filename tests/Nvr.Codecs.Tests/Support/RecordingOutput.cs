using System.Runtime.InteropServices;
using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Tests.Support;

/// <summary>In-memory ISegmentOutput: keeps each segment's bytes and the pieces' backing arrays of every Write.</summary>
public sealed class RecordingOutput : ISegmentOutput
{
    private MemoryStream? _current;

    public List<byte[]> Segments { get; } = [];

    public List<SegmentStarted> Started { get; } = [];

    public List<SegmentEnded> Ended { get; } = [];

    public List<(byte[]? Array, int Offset, int Length)> PieceOrigins { get; } = [];

    public Action? DuringWrite { get; set; }

    public void BeginSegment(SegmentStarted segment)
    {
        Started.Add(segment);
        _current = new MemoryStream();
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        DuringWrite?.Invoke();
        foreach (ReadOnlyMemory<byte> p in pieces)
        {
            _current!.Write(p.Span);
            PieceOrigins.Add(MemoryMarshal.TryGetArray(p, out ArraySegment<byte> seg) ? (seg.Array, seg.Offset, seg.Count) : (null, 0, p.Length));
        }
    }

    public void EndSegment(SegmentEnded segment)
    {
        Ended.Add(segment);
        Segments.Add(_current!.ToArray());
        _current = null;
    }
}
