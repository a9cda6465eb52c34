using Nvr.Pipeline.Ingest;

namespace Nvr.Recording.Live;

/// <summary>Bounds and timing of the live relay.</summary>
public sealed record LiveRelayOptions
{
    /// <summary>Access units queued per viewer (~3 s of 25 fps video with AAC); beyond, the viewer loses the rest of the GOP.</summary>
    public int ViewerQueueUnits { get; init; } = 256;

    /// <summary>How long the on-demand camera session stays up with no viewer (a DESCRIBE is usually followed by SETUP/PLAY).</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a DESCRIBE waits for an on-demand camera session to describe its streams (then 404).</summary>
    public TimeSpan DescribeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public BackoffPolicy Reconnect { get; init; } = BackoffPolicy.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Credentials for receivers whose URI carries none (the ONVIF remote user), read at every connect.</summary>
    public Func<Nvr.Pipeline.Rtsp.RtspCredentials?>? DefaultCredentials { get; init; }
}
