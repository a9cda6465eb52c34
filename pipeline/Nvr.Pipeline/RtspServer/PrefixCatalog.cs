namespace Nvr.Pipeline.RtspServer;

/// <summary>
/// Several catalogs behind one RTSP server, each owning the paths under its prefix ("/replay/", "/live/"); a path no
/// prefix claims is not found.
/// </summary>
public sealed class PrefixCatalog : IRtspMediaCatalog
{
    private readonly IReadOnlyList<(string Prefix, IRtspMediaCatalog Catalog)> _catalogs;

    public PrefixCatalog(params (string Prefix, IRtspMediaCatalog Catalog)[] catalogs) => _catalogs = catalogs;

    public ValueTask<IRtspMediaSource?> FindAsync(string path, CancellationToken cancellationToken) =>
        Owner(path) is { } catalog ? catalog.FindAsync(path, cancellationToken) : ValueTask.FromResult<IRtspMediaSource?>(null);

    private IRtspMediaCatalog? Owner(string path)
    {
        foreach (var (prefix, catalog) in _catalogs)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return catalog;
            }
        }

        return null;
    }
}
