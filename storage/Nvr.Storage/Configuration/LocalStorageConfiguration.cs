namespace Nvr.Storage.Configuration;

/// <summary>Recording to a local directory (<c>file:///absolute/dir</c>).</summary>
/// <param name="Token">Storage token.</param>
/// <param name="Directory">Absolute directory the key tree is rooted at.</param>
public sealed record LocalStorageConfiguration(string Token, string Directory) : StorageConfiguration(Token)
{
    /// <inheritdoc />
    public override string RedactedUri => new Uri(Directory).AbsoluteUri;

    /// <inheritdoc />
    public override string ToString() => $"{Token}={RedactedUri}";
}
