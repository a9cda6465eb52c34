using Nvr.Pipeline.Rtsp;

namespace Nvr.Recording.Cli;

/// <summary>Parsed arguments of <c>nvr record</c>.</summary>
public sealed record RecordOptions
{
    public required Uri Source { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>Output directory (local disk sink), or null when <see cref="Storage"/> is given.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary><c>s3://…</c> or <c>file://…</c> storage URI, or null.</summary>
    public string? Storage { get; init; }

    public required RecordingTarget Target { get; init; }

    public RtspTransport Transport { get; init; } = RtspTransport.TcpInterleaved;
}
