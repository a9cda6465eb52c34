using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Persistence;

/// <summary>
/// Serializes persisted control events and snapshots as JSON under explicit, versioned manifests, so the stored
/// data never contains CLR type names and a renamed type does not break recovery. A manifest is never reused for a
/// different shape: a changed event gets a new ".vN" manifest and the old one keeps its reader.
/// </summary>
public sealed class ControlEventSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4_201;

    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private static readonly Dictionary<string, Type> TypesByManifest = new(StringComparer.Ordinal)
    {
        ["recording-created.v1"] = typeof(RecordingCreated),
        ["recording-configured.v1"] = typeof(RecordingConfigured),
        ["recording-deleted.v1"] = typeof(RecordingDeleted),
        ["track-created.v1"] = typeof(TrackCreated),
        ["track-configured.v1"] = typeof(TrackConfigured),
        ["track-deleted.v1"] = typeof(TrackDeleted),
        ["job-created.v1"] = typeof(JobCreated),
        ["job-configured.v1"] = typeof(JobConfigured),
        ["job-deleted.v1"] = typeof(JobDeleted),
        ["receiver-created.v1"] = typeof(ReceiverCreated),
        ["receiver-configured.v1"] = typeof(ReceiverConfigured),
        ["receiver-deleted.v1"] = typeof(ReceiverDeleted),
        ["control-snapshot.v1"] = typeof(ControlSnapshot),
        ["schedule-saved.v1"] = typeof(Nvr.Scheduling.Book.ScheduleSaved),
        ["schedule-deleted.v1"] = typeof(Nvr.Scheduling.Book.ScheduleDeleted),
        ["special-day-group-saved.v1"] = typeof(Nvr.Scheduling.Book.SpecialDayGroupSaved),
        ["special-day-group-deleted.v1"] = typeof(Nvr.Scheduling.Book.SpecialDayGroupDeleted),
        ["schedule-snapshot.v1"] = typeof(Nvr.Scheduling.Book.ScheduleBookSnapshot),
        ["device-user-saved.v1"] = typeof(Nvr.Control.Device.UserSaved),
        ["device-user-saved.v2"] = typeof(Nvr.Control.Device.UserSaved),
        ["device-user-deleted.v1"] = typeof(Nvr.Control.Device.UserDeleted),
        ["device-scopes-configured.v1"] = typeof(Nvr.Control.Device.ScopesConfigured),
        ["device-discovery-mode.v1"] = typeof(Nvr.Control.Device.DiscoveryModeChanged),
        ["device-password-complexity.v1"] = typeof(Nvr.Control.Device.PasswordComplexityConfigured),
        ["device-digest-algorithms.v1"] = typeof(Nvr.Control.Device.DigestAlgorithmsConfigured),
        ["device-access-policy.v1"] = typeof(Nvr.Control.Device.AccessPolicyConfigured),
        ["device-replay-session-timeout.v1"] = typeof(Nvr.Control.Device.ReplaySessionTimeoutConfigured),
        ["device-password-history.v1"] = typeof(Nvr.Control.Device.PasswordHistoryConfigured),
        ["device-auth-failure-warning.v1"] = typeof(Nvr.Control.Device.AuthFailureWarningConfigured),
        ["device-remote-user.v1"] = typeof(Nvr.Control.Device.RemoteUserConfigured),
        ["storage-configuration-saved.v1"] = typeof(Nvr.Control.Storage.StorageConfigurationSaved),
        ["storage-configuration-deleted.v1"] = typeof(Nvr.Control.Storage.StorageConfigurationDeleted),
    };

    /// <summary>Manifests only read, never written: their type has a newer shape (v1 users have no password history).</summary>
    private static readonly HashSet<string> ReadOnlyManifests = new(StringComparer.Ordinal) { "device-user-saved.v1" };

    private static readonly Dictionary<Type, string> ManifestsByType =
        TypesByManifest.Where(p => !ReadOnlyManifests.Contains(p.Key)).ToDictionary(p => p.Value, p => p.Key);

    /// <summary>Manifests whose payload holds secrets (content keys, storage credentials): sealed by <see cref="JournalSealing"/>.</summary>
    private static readonly HashSet<string> SealedManifests = new(StringComparer.Ordinal)
    {
        "recording-created.v1", "recording-configured.v1", "control-snapshot.v1", "storage-configuration-saved.v1",
    };

    private readonly JournalSealing _sealing;

    public ControlEventSerializer(ExtendedActorSystem system)
        : base(system)
    {
        _sealing = JournalSealing.Get(system);
    }

    public override int Identifier => SerializerId;

    public override string Manifest(object o) =>
        o is RecordingControlState ? "control-snapshot.v1"
        : ManifestsByType.TryGetValue(o.GetType(), out var manifest) ? manifest
        : throw new ArgumentException($"no persistence manifest for {o.GetType().Name}", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        var json = obj switch
        {
            RecordingControlState state => JsonSerializer.SerializeToUtf8Bytes(ToSnapshot(state), Json),
            _ => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Json),
        };
        var manifest = Manifest(obj);
        return SealedManifests.Contains(manifest) ? _sealing.Seal(json, manifest) : json;
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!TypesByManifest.TryGetValue(manifest, out var type))
        {
            throw new SerializationException($"unknown persistence manifest '{manifest}'");
        }

        if (JournalSealing.IsSealed(bytes))
        {
            bytes = _sealing.Open(bytes, manifest);
        }

        var value = JsonSerializer.Deserialize(bytes, type, Json)
            ?? throw new SerializationException($"empty payload for manifest '{manifest}'");
        return value is ControlSnapshot snapshot ? FromSnapshot(snapshot) : value;
    }

    private static ControlSnapshot ToSnapshot(RecordingControlState state) => new(
        state.Recordings.Values.ToArray(), state.Jobs.Values.ToArray(), state.Receivers.Values.ToArray(),
        state.RecordingsCreated, state.JobsCreated, state.ReceiversCreated);

    private static RecordingControlState FromSnapshot(ControlSnapshot snapshot) => RecordingControlState.Empty with
    {
        Recordings = RecordingControlState.Empty.Recordings.AddRange(snapshot.Recordings.Select(r => KeyValuePair.Create(r.Token, r))),
        Jobs = RecordingControlState.Empty.Jobs.AddRange(snapshot.Jobs.Select(j => KeyValuePair.Create(j.Token, j))),
        Receivers = RecordingControlState.Empty.Receivers.AddRange(snapshot.Receivers.Select(r => KeyValuePair.Create(r.Token, r))),
        RecordingsCreated = snapshot.RecordingsCreated,
        JobsCreated = snapshot.JobsCreated,
        ReceiversCreated = snapshot.ReceiversCreated,
    };
}
