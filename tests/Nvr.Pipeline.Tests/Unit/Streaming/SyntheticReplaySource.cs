using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;

namespace Nvr.Pipeline.Tests.Unit.Streaming;

/// <summary>
/// An in-memory H.264 recording for the server's unit tests: <see cref="FrameCount"/> access units 40 ms apart from
/// <see cref="Start"/>, a key frame every 5, each one NAL unit of <see cref="FrameBytes"/> bytes; E on the last.
/// </summary>
internal sealed class SyntheticReplaySource : IRtspMediaSource, IRtspMediaCatalog
{
    public static readonly DateTime Start = new(2026, 3, 4, 5, 6, 7, 123, DateTimeKind.Utc);

    // avcC: version, profile 0x42, compat, level 0x1E, length size, 1 SPS (4 bytes), 1 PPS (2 bytes).
    private static readonly byte[] AvcC = [1, 0x42, 0x00, 0x1E, 0xFF, 0xE1, 0, 4, 0x67, 0x42, 0x00, 0x1E, 1, 0, 2, 0x68, 0xCE];

    public SyntheticReplaySource(int frameCount = 10, int frameBytes = 100, bool sameInstant = false)
    {
        FrameCount = frameCount;
        FrameBytes = frameBytes;
        SameInstant = sameInstant;
    }

    public int FrameCount { get; }

    public int FrameBytes { get; }

    /// <summary>Every frame at <see cref="Start"/> (no pacing: the slow-client test).</summary>
    public bool SameInstant { get; }

    public IReadOnlyList<ServedStream> Streams { get; } = [new ServedStream(MediaCodec.H264, 90_000, AvcC, 0, "VIDEO001")];

    public (DateTime Start, DateTime End)? RecordedRange => (Start, UtcOf(FrameCount));

    public ValueTask<IRtspMediaSource?> FindAsync(string path, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IRtspMediaSource?>(path == "/replay/REC1" ? this : null);

    public DateTime UtcOf(int index) => SameInstant ? Start : Start.AddMilliseconds(40 * index);

    public static bool IsKey(int index) => index % 5 == 0;

    public IReplayCursor Open(DateTime? startUtc, CancellationToken cancellationToken)
    {
        var first = 0;
        if (startUtc is { } s)
        {
            for (var i = 0; i < FrameCount; i++)
            {
                if (IsKey(i) && UtcOf(i) <= s)
                {
                    first = i;
                }
            }
        }

        return new Cursor(this, first);
    }

    private sealed class Cursor(SyntheticReplaySource source, int next) : IReplayCursor
    {
        private readonly byte[] _payload = new byte[source.FrameBytes];
        private readonly NalRange[] _units = [new(0, source.FrameBytes)];

        public ServedFrame Current { get; private set; }

        public ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
        {
            if (next >= source.FrameCount)
            {
                return ValueTask.FromResult(false);
            }

            _payload[0] = IsKey(next) ? (byte)0x65 : (byte)0x41;
            _payload[1] = (byte)next;
            Current = new ServedFrame(0, source.UtcOf(next), 0, IsKey(next), next == source.FrameCount - 1, _payload, _units, IsTerminal: next == source.FrameCount - 1);
            next++;
            return ValueTask.FromResult(true);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
