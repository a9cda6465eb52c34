namespace Nvr.Storage.Configuration;

/// <summary>A storage target named by the token a recording's Target/Storage refers to.</summary>
/// <param name="Token">The storage configuration token.</param>
public abstract record StorageConfiguration(string Token)
{
    /// <summary>The configuration as a URI with credentials replaced by <c>***</c>.</summary>
    public abstract string RedactedUri { get; }
}
