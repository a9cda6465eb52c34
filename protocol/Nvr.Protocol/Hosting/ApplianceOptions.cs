using Nvr.Control.Persistence;
using Nvr.Control.Recordings;

namespace Nvr.Protocol.Hosting;

/// <summary>
/// What the appliance needs to start: where its data lives, where it listens, its database and its limits
/// (including the storage tokens a recording Target may name).
/// </summary>
public sealed record ApplianceOptions
{
    public required string DataDirectory { get; init; }

    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>The control-plane database; null means the SQLite file <c>control.db</c> in the data directory.</summary>
    public PersistenceOptions? Persistence { get; init; }

    /// <summary>Storage configurations by token (URIs such as file:///dir or s3://…), named by recording Targets.</summary>
    public IReadOnlyDictionary<string, string> Storages { get; init; } = new Dictionary<string, string>();

    public ControlLimits Limits { get; init; } = ControlLimits.Default;

    /// <summary>Bounds of the event service (subscriptions, queues, pull and lifetime limits).</summary>
    public Nvr.Control.Notifications.NotificationLimits Notifications { get; init; } = Nvr.Control.Notifications.NotificationLimits.Default;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Run the recording engine (RTSP ingest into segments). Off, "Active" job states mean "elected".</summary>
    public bool RecordingEngine { get; init; } = true;

    /// <summary>How often MaximumRetentionTime is enforced.</summary>
    public TimeSpan RetentionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Free-space watermark of local storages, in bytes: when the file system of a local storage has less available,
    /// the oldest recorded segments are deleted (DeleteTrackData published) on the retention timer. 0 turns it off.
    /// Default 1 GiB.
    /// </summary>
    public long MinimumFreeBytes { get; init; } = 1L << 30;

    /// <summary>IANA time zone of the appliance: schedules' floating iCalendar times are local times there.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>
    /// TCP port of the RTSP server that replays recordings (<c>--rtsp-port</c>); default 8554 (554 needs privileges),
    /// 0 picks a free port, null runs no RTSP server.
    /// </summary>
    public int? RtspPort { get; init; } = Nvr.Pipeline.RtspServer.RtspServerOptions.DefaultPort;

    /// <summary>Address the RTSP server listens on (all interfaces by default; tests use loopback).</summary>
    public System.Net.IPAddress RtspAddress { get; init; } = System.Net.IPAddress.Any;

    /// <summary>An RTSP authenticator (Digest with the appliance's users) supplied by the security layer; null: none.</summary>
    public Nvr.Pipeline.RtspServer.IRtspAuthenticator? RtspAuthenticator { get; init; }

    public PersistenceOptions EffectivePersistence =>
        Persistence ?? PersistenceOptions.Sqlite(Path.Combine(DataDirectory, "control.db"));
}
