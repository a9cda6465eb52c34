namespace Nvr.Protocol.Security;

/// <summary>
/// The access classes of ONVIF Core ("User-based access control"): every operation of every service belongs to
/// exactly one. The Core default access policy decides which user level may call which class: Anonymous only
/// <see cref="PreAuth"/>; User also <see cref="ReadSystem"/> and <see cref="ReadMedia"/>; Operator also
/// <see cref="ReadSystemSensitive"/> and <see cref="Actuate"/>; Administrator everything.
/// </summary>
public enum AccessClass
{
    /// <summary>PRE_AUTH: callable without credentials (e.g. GetSystemDateAndTime).</summary>
    PreAuth,

    /// <summary>READ_SYSTEM: reads non-sensitive configuration.</summary>
    ReadSystem,

    /// <summary>READ_SYSTEM_SENSITIVE: reads configuration that is sensitive but not secret.</summary>
    ReadSystemSensitive,

    /// <summary>READ_SYSTEM_SECRET: reads secrets (e.g. the user list).</summary>
    ReadSystemSecret,

    /// <summary>WRITE_SYSTEM: changes configuration.</summary>
    WriteSystem,

    /// <summary>UNRECOVERABLE: changes that cannot be undone remotely (factory default, reboot).</summary>
    Unrecoverable,

    /// <summary>READ_MEDIA: reads media (recordings, replay, search).</summary>
    ReadMedia,

    /// <summary>ACTUATE: makes the device act (start/stop recording jobs, delete data).</summary>
    Actuate,
}
