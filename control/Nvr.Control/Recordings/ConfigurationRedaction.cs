using Nvr.Control.Recordings.Model;

namespace Nvr.Control.Recordings;

/// <summary>Removes write-only secrets (encryption keys) from configurations that leave the control plane for clients.</summary>
public static class ConfigurationRedaction
{
    public static RecordingConfiguration WithoutKeys(this RecordingConfiguration configuration) =>
        configuration.Target is { } target
            ? configuration with { Target = target with { Encryption = target.Encryption.Select(e => e with { Key = null }).ToList() } }
            : configuration;
}
