using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Tests.Support;

/// <summary>Writes each segment to DIR/NNN.EXT with a vectored positional write; records events and write boundaries.</summary>
public sealed class FileSegmentOutput : ISegmentOutput
{
    private readonly string _dir;
    private Microsoft.Win32.SafeHandles.SafeFileHandle? _file;
    private long _offset;

    public FileSegmentOutput(string dir)
    {
        _dir = dir;
        Directory.CreateDirectory(dir);
    }

    public List<SegmentStarted> Started { get; } = [];

    public List<SegmentEnded> Ended { get; } = [];

    public List<string> Files { get; } = [];

    /// <summary>Per segment: file offsets after each Write call (header+first fragment, fragments, mfra).</summary>
    public List<List<long>> WriteEnds { get; } = [];

    public int Writes { get; private set; }

    public Action<IReadOnlyList<ReadOnlyMemory<byte>>>? OnWrite { get; set; }

    public void BeginSegment(SegmentStarted segment)
    {
        Assert.Null(_file);
        string path = Path.Combine(_dir, $"{segment.SequenceNumber:D3}.{segment.Extension}");
        _file = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
        _offset = 0;
        Started.Add(segment);
        Files.Add(path);
        WriteEnds.Add([]);
    }

    public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
    {
        Assert.NotNull(_file);
        OnWrite?.Invoke(pieces);
        RandomAccess.Write(_file!, pieces, _offset);
        foreach (ReadOnlyMemory<byte> p in pieces) _offset += p.Length;
        WriteEnds[^1].Add(_offset);
        Writes++;
    }

    public void EndSegment(SegmentEnded segment)
    {
        Assert.NotNull(_file);
        Assert.Equal(_offset, segment.ByteCount);
        _file!.Dispose();
        _file = null;
        Ended.Add(segment);
    }
}
