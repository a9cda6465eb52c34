using System.Globalization;

namespace Nvr.Storage.Configuration;

/// <summary>
/// Recording to an S3-compatible object store
/// (<c>s3://ACCESS_KEY:SECRET@HOST:PORT/BUCKET?region=…&amp;tls=false|true</c>). Credentials never appear in
/// <see cref="ToString"/>.
/// </summary>
/// <param name="Token">Storage token.</param>
/// <param name="AccessKey">Access key id (redacted when printed).</param>
/// <param name="SecretKey">Secret access key.</param>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="Bucket">Bucket name.</param>
/// <param name="Region">Signing region.</param>
/// <param name="UseTls">HTTPS when true.</param>
public sealed record S3StorageConfiguration(
    string Token,
    StorageSecret AccessKey,
    StorageSecret SecretKey,
    string Host,
    int Port,
    string Bucket,
    string Region,
    bool UseTls) : StorageConfiguration(Token)
{
    /// <summary>Endpoint URL for the S3 client, e.g. <c>http://127.0.0.1:9000</c>.</summary>
    public string ServiceUrl => string.Create(CultureInfo.InvariantCulture, $"{(UseTls ? "https" : "http")}://{FormatHost()}:{Port}");

    /// <inheritdoc />
    public override string RedactedUri
        => string.Create(CultureInfo.InvariantCulture, $"s3://***:***@{FormatHost()}:{Port}/{Bucket}?region={Uri.EscapeDataString(Region)}&tls={(UseTls ? "true" : "false")}");

    /// <inheritdoc />
    public override string ToString() => $"{Token}={RedactedUri}";

    private string FormatHost() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
}
