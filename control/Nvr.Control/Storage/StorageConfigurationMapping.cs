using System.Globalization;
using Nvr.Storage.Configuration;

namespace Nvr.Control.Storage;

/// <summary>
/// Between a stored (ONVIF-shaped) storage configuration and the storage layer's configuration the recording engine
/// writes through. Error messages never contain credentials.
/// </summary>
public static class StorageConfigurationMapping
{
    /// <summary>The storage layer's configuration, or a reason why the stored one cannot be used.</summary>
    public static (StorageConfiguration? Configuration, string? Error) ToCatalogEntry(StoredStorage stored)
    {
        switch (stored.Type)
        {
            case StorageTypes.Local:
                var path = stored.LocalPath;
                if (string.IsNullOrWhiteSpace(path))
                {
                    return (null, "LocalStorage needs LocalPath (an absolute directory or file:/// URI)");
                }

                if (Uri.TryCreate(path, UriKind.Absolute, out var fileUri) && fileUri.IsFile && string.IsNullOrEmpty(fileUri.Host))
                {
                    path = fileUri.LocalPath;
                }

                return Path.IsPathFullyQualified(path) && !path.Contains('\0', StringComparison.Ordinal)
                    ? (new LocalStorageConfiguration(stored.Token, Path.GetFullPath(path)), null)
                    : (null, "LocalPath must be an absolute directory");
            case StorageTypes.S3:
                if (!Uri.TryCreate(stored.StorageUri, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
                {
                    return (null, "ObjectStorageS3 needs StorageUri http(s)://host[:port]/bucket");
                }

                var segments = uri.AbsolutePath.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
                if (segments.Length != 1 || uri.Query.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo))
                {
                    return (null, "StorageUri must name exactly the bucket as its path (path-style http(s)://host[:port]/bucket, no user info or query)");
                }

                if (string.IsNullOrEmpty(stored.UserName) || string.IsNullOrEmpty(stored.Password))
                {
                    return (null, "ObjectStorageS3 needs User (UserName: access key id, Password: secret access key)");
                }

                var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
                return (new S3StorageConfiguration(
                    stored.Token, new StorageSecret(stored.UserName), new StorageSecret(stored.Password), host, uri.Port,
                    Uri.UnescapeDataString(segments[0]), string.IsNullOrWhiteSpace(stored.Region) ? "us-east-1" : stored.Region, uri.Scheme == "https"), null);
            default:
                return (null, $"storage type '{stored.Type}' is not supported (supported: {StorageTypes.Local}, {StorageTypes.S3})");
        }
    }

    /// <summary>The stored form of a <c>--storage TOKEN=URI</c> binding (seeded at start).</summary>
    public static StoredStorage FromCatalogEntry(StorageConfiguration configuration) => configuration switch
    {
        LocalStorageConfiguration local => new StoredStorage(local.Token, StorageTypes.Local, new Uri(local.Directory).AbsoluteUri, null, null, null, null),
        S3StorageConfiguration s3 => new StoredStorage(
            s3.Token, StorageTypes.S3, null, string.Create(CultureInfo.InvariantCulture, $"{s3.ServiceUrl}/{Uri.EscapeDataString(s3.Bucket)}"),
            s3.AccessKey.Reveal(), s3.SecretKey.Reveal(), s3.Region),
        _ => throw new ArgumentException($"unknown storage configuration type {configuration.GetType().Name}", nameof(configuration)),
    };
}
