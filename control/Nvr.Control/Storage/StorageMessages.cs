namespace Nvr.Control.Storage;

/// <summary>Marker for the events the storage configurations actor persists (stable manifests in ControlEventSerializer).</summary>
public interface IStorageEvent;

/// <summary>The storage types this appliance records to (tds:StorageType values; LocalStorage is this device's own).</summary>
public static class StorageTypes
{
    public const string Local = "LocalStorage";
    public const string S3 = "ObjectStorageS3";
}

/// <summary>
/// A storage configuration as stored (devicemgmt tds:StorageConfigurationData): LocalStorage with a LocalPath
/// (file URI of a directory), or ObjectStorageS3 with the bucket's base endpoint in StorageUri (path style,
/// http(s)://host:port/bucket), the access key id as UserName, the secret access key as Password, and a Region.
/// The credentials are write-only: never returned by the device service; <see cref="ToString"/> leaves them out.
/// </summary>
public sealed record StoredStorage(string Token, string Type, string? LocalPath, string? StorageUri, string? UserName, string? Password, string? Region)
{
    public override string ToString() => $"{Token} ({Type} {LocalPath ?? StorageUri})";
}

/// <summary>Persisted: a storage configuration was created or changed.</summary>
public sealed record StorageConfigurationSaved(StoredStorage Configuration) : IStorageEvent
{
    public override string ToString() => $"StorageConfigurationSaved {Configuration}";
}

/// <summary>Persisted: a storage configuration was deleted.</summary>
public sealed record StorageConfigurationDeleted(string Token) : IStorageEvent;

/// <summary>Reads every storage configuration; the reply is <see cref="StorageConfigurationsReply"/>.</summary>
public sealed record GetStorageConfigurations
{
    public static GetStorageConfigurations Instance { get; } = new();
}

/// <summary>The storage configurations (with credentials: the protocol layer must not return them).</summary>
public sealed record StorageConfigurationsReply(IReadOnlyList<StoredStorage> Configurations);

/// <summary>Creates a storage configuration (its Token is ignored, the actor assigns one); reply <see cref="StorageConfigurationCreated"/>.</summary>
public sealed record CreateStorageConfiguration(StoredStorage Configuration)
{
    public override string ToString() => $"CreateStorageConfiguration {Configuration}";
}

/// <summary>The token of a created storage configuration.</summary>
public sealed record StorageConfigurationCreated(string Token);

/// <summary>
/// Changes a storage configuration; null UserName/Password keep the stored ones (credentials are write-only, a
/// client reading a configuration and writing it back does not erase them). Reply <see cref="StorageCommandDone"/>.
/// </summary>
public sealed record SetStorageConfiguration(StoredStorage Configuration)
{
    public override string ToString() => $"SetStorageConfiguration {Configuration}";
}

/// <summary>Deletes a storage configuration no recording targets; reply <see cref="StorageCommandDone"/>.</summary>
public sealed record DeleteStorageConfiguration(string Token);

/// <summary>Gives the storage actor the recording control actor (to know which storages recordings target).</summary>
public sealed record AttachRecordingControl(Akka.Actor.IActorRef RecordingControl);

/// <summary>An accepted storage command.</summary>
public sealed record StorageCommandDone
{
    public static StorageCommandDone Instance { get; } = new();
}

/// <summary>Why a storage command was refused (the device service maps each to the Core fault).</summary>
public enum StorageFault
{
    NoConfig,
    ConfigModify,
    MaxStorageConfigurations,
    ReferenceInUse,
}

/// <summary>A refused storage command; nothing changed.</summary>
public sealed record StorageCommandRejected(StorageFault Fault, string Reason);

/// <summary>
/// Published on the event stream after the storage configurations changed (and after recovery): in cluster mode the
/// other nodes' catalogs read them again (docs/cluster.md). Carries nothing, least of all a credential.
/// </summary>
public sealed record StorageConfigurationsChanged
{
    public static StorageConfigurationsChanged Instance { get; } = new();
}
