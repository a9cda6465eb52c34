namespace Nvr.Storage.Local;

/// <summary>JSON shape of a metadata sidecar.</summary>
internal sealed class SidecarDocument
{
    public string Key { get; set; } = string.Empty;

    public string ContentType { get; set; } = string.Empty;

    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);
}
