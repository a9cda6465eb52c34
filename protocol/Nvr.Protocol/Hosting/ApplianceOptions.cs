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

    /// <summary>"text" (default) or "json": one JSON object per log line on the console (Microsoft.Extensions.Logging JSON console).</summary>
    public string LogFormat { get; init; } = "text";

    /// <summary>
    /// Opens a stored user's sealed password for the web console's login (the device service's sealing with the data
    /// directory's key). Null: the console accepts no appliance user, unless <see cref="ConsoleCredentials"/> is set.
    /// </summary>
    public Func<string, string?>? UnsealPassword { get; init; }

    /// <summary>Replaces the console's password check (default: the appliance's users, via <see cref="UnsealPassword"/>).</summary>
    public Nvr.Protocol.WebConsole.IConsoleCredentialCheck? ConsoleCredentials { get; init; }

    public PersistenceOptions EffectivePersistence =>
        Persistence ?? PersistenceOptions.Sqlite(Path.Combine(DataDirectory, "control.db"));
}
