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

    /// <summary>How long a SOAP operation waits for the control plane before it answers the fault OnvifFaults.ControlPlaneTimeout.</summary>
    public TimeSpan ControlCommandTimeout { get; init; } = Nvr.Control.ControlPlane.AskTimeout;

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

    /// <summary>
    /// Period of the shared read tick of the RTSP ingests (TCP interleaved, after PLAY): a drained camera connection is
    /// read again at the next tick, in one read, instead of at every packet burst (issue 13: wake-ups per packet were
    /// the cost). Bounds the added ingest latency. Zero: read every burst as it arrives. Default 40 ms.
    /// </summary>
    public TimeSpan IngestReadPeriod { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Read rate limit of exports (ExportRecordedData) in bytes per second, so an export never starves recording I/O; 0: unlimited.</summary>
    public long ExportBytesPerSecond { get; init; }

    /// <summary>IANA time zone of the appliance: schedules' floating iCalendar times are local times there.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>
    /// UDP port of the WS-Discovery responder (the standard port is 3702; the command line's default); null: no
    /// discovery (the default here, so embedded and test appliances never bind a shared port).
    /// </summary>
    public int? DiscoveryPort { get; init; }

    /// <summary>Address the WS-Discovery responder binds (all interfaces, joined to 239.255.255.250, by default).</summary>
    public System.Net.IPAddress DiscoveryAddress { get; init; } = System.Net.IPAddress.Any;

    /// <summary>
    /// Where Hello and Bye go; null: the multicast group 239.255.255.250 on the discovery port when bound to all
    /// interfaces, else nowhere. Tests bound to 127.0.0.1 point it at their own socket.
    /// </summary>
    public System.Net.IPEndPoint? DiscoveryAnnounceTo { get; init; }

    /// <summary>An HTTPS listener besides <see cref="Urls"/> (null: plain HTTP only).</summary>
    public HttpsOptions? Https { get; init; }

    /// <summary>The administrator created when the user store is empty (first start); ignored once users exist.</summary>
    public string AdminUser { get; init; } = "admin";

    /// <summary>
    /// The first administrator's password; null at first start generates one (written to DATA/initial-admin-password,
    /// mode 0600, and reported by <see cref="ApplianceHost.FirstRun"/>). Ignored once users exist.
    /// </summary>
    public string? AdminPassword { get; init; }

    /// <summary>Digest realm and algorithms, nonce lifetime, the UsernameToken Created window.</summary>
    public Nvr.Protocol.Security.AuthenticationOptions Authentication { get; init; } = Nvr.Protocol.Security.AuthenticationOptions.Default;

    /// <summary>
    /// TCP port of the RTSP server that replays recordings (<c>--rtsp-port</c>); the command line's default is 8554 (554 needs privileges);
    /// 0 picks a free port; null (the default here, so embedded and test appliances never bind a shared port) runs none.
    /// </summary>
    public int? RtspPort { get; init; }

    /// <summary>Address the RTSP server listens on (all interfaces by default; tests use loopback).</summary>
    public System.Net.IPAddress RtspAddress { get; init; } = System.Net.IPAddress.Any;

    /// <summary>Limits of the RTSP server (connections, sessions, request and session timeouts, send queue); its address, port and clock come from the options above.</summary>
    public Nvr.Pipeline.RtspServer.RtspServerOptions RtspServer { get; init; } = new();

    /// <summary>Replaces the RTSP server's authentication (null: HTTP Digest with the appliance's users, READ_MEDIA; see RtspDigestAuthenticator).</summary>
    public Nvr.Pipeline.RtspServer.IRtspAuthenticator? RtspAuthenticator { get; init; }

    /// <summary>How a lost or failing camera is reconnected (jittered exponential backoff; default 1 s doubling to 60 s).</summary>
    public Nvr.Pipeline.Ingest.BackoffPolicy Reconnect { get; init; } = Nvr.Pipeline.Ingest.BackoffPolicy.Default;

    /// <summary>Kestrel limits of every HTTP(S) listener: connections, slow-loris timeouts, header and body sizes.</summary>
    public HttpLimits Http { get; init; } = HttpLimits.Default;

    /// <summary>Spool and upload policy of S3 storages (capacity, backoff, per-attempt timeout, verification).</summary>
    public Nvr.Storage.Spool.SpoolOptions Spool { get; init; } = new();

    /// <summary>"text" (default) or "json": one JSON object per log line on the console (Microsoft.Extensions.Logging JSON console).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// Opens a stored user's sealed password for the web console's login (the device service's sealing with the data
    /// directory's key). Null: the appliance's own password vault (DATA/user-key).
    /// </summary>
    public Func<string, string?>? UnsealPassword { get; init; }

    /// <summary>Replaces the console's password check (default: the appliance's users, via <see cref="UnsealPassword"/>).</summary>
    public Nvr.Protocol.WebConsole.IConsoleCredentialCheck? ConsoleCredentials { get; init; }

    /// <summary>Cluster mode (docs/cluster.md: <c>--cluster-port</c>, <c>--cluster-seed</c>, needs PostgreSQL); null: a single node.</summary>
    public Nvr.Control.Cluster.ClusterOptions? Cluster { get; init; }

    public PersistenceOptions EffectivePersistence =>
        Persistence ?? PersistenceOptions.Sqlite(Path.Combine(DataDirectory, "control.db"));
}
