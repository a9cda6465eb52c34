using System.Collections.Concurrent;
using Nvr.Storage.Spool;

namespace Nvr.Recording.Engine;

/// <summary>
/// The live counters of one engine, read by the operations surface (metrics) when scraped: every running
/// <see cref="RecordingRunner"/> registers itself while it runs, the <see cref="SinkRegistry"/> its spools. Reading
/// takes snapshots of counters the data path keeps anyway; nothing is counted here.
/// </summary>
public sealed class RunnerTelemetry
{
    private readonly ConcurrentDictionary<RecordingRunner, byte> _runners = new();
    private volatile SinkRegistry? _sinks;

    internal void Register(RecordingRunner runner) => _runners[runner] = 0;

    internal void Unregister(RecordingRunner runner) => _runners.TryRemove(runner, out _);

    internal void Attach(SinkRegistry sinks) => _sinks = sinks;

    /// <summary>A snapshot of every running recording.</summary>
    public IReadOnlyList<RunnerStatistics> Runners() => [.. _runners.Keys.Select(r => r.GetStatistics())];

    /// <summary>Per storage token that spools (S3): its spool counters.</summary>
    public IReadOnlyList<(string Storage, SpoolStatistics Statistics)> Spools() => _sinks?.SpoolStatistics() ?? [];
}

/// <summary>
/// Counters of one running recording: its session (null until the sources were described) and its sources' ingest
/// (summed over the receivers; packet counters restart with each RTSP session, channel drops do not).
/// </summary>
public sealed record RunnerStatistics(
    string RecordingToken,
    RecordingSessionStatistics? Session,
    long RtpPackets,
    long RtpBytes,
    long RtpLost,
    long DepacketizerDroppedUnits,
    long ChannelDroppedUnits,
    long ChannelDroppedGops);
