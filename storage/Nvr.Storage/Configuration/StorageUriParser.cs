using System.Globalization;

namespace Nvr.Storage.Configuration;

/// <summary>
/// Parses storage URIs: <c>file:///absolute/dir</c> and
/// <c>s3://ACCESS_KEY:SECRET@HOST[:PORT]/BUCKET[?region=R&amp;tls=true|false]</c>, and the command-line form
/// <c>TOKEN=URI</c>. Error messages never contain the credentials.
/// </summary>
/// <remarks>
/// S3: the credentials are everything before the LAST '@' (so a secret may contain '/', '+' or '@' raw or
/// percent-encoded; it is percent-decoded), split at the first ':'. <c>tls</c> defaults to true, the port
/// to 443 (TLS) or 80, the region to <c>us-east-1</c>.
/// </remarks>
public static class StorageUriParser
{
    /// <summary>Parses <c>TOKEN=URI</c> (the <c>--storage</c> option).</summary>
    public static StorageConfiguration ParseBinding(string binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        int equals = binding.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new FormatException("a storage binding must look like TOKEN=URI");
        }

        return Parse(binding[..equals].Trim(), binding[(equals + 1)..].Trim());
    }

    /// <summary>Parses <paramref name="uri"/> into the configuration of storage <paramref name="token"/>.</summary>
    public static StorageConfiguration Parse(string token, string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseFile(token, uri);
        }

        if (uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return ParseS3(token, uri);
        }

        throw new FormatException($"storage '{token}': unsupported URI scheme (expected file:// or s3://)");
    }

    private static LocalStorageConfiguration ParseFile(string token, string uri)
    {
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || !parsed.IsFile || !string.IsNullOrEmpty(parsed.Host)
            || !Path.IsPathFullyQualified(parsed.LocalPath))
        {
            throw new FormatException($"storage '{token}': expected file:///absolute/directory, got '{uri}'");
        }

        return new LocalStorageConfiguration(token, parsed.LocalPath);
    }

    private static S3StorageConfiguration ParseS3(string token, string uri)
    {
        var rest = uri["s3://".Length..];
        int query = rest.IndexOf('?', StringComparison.Ordinal);
        var queryText = query < 0 ? string.Empty : rest[(query + 1)..];
        var beforeQuery = query < 0 ? rest : rest[..query];
        int at = beforeQuery.LastIndexOf('@');
        if (at < 0)
        {
            throw Error(token, "credentials ACCESS_KEY:SECRET@ are missing");
        }

        var credentials = beforeQuery[..at];
        int colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == credentials.Length - 1)
        {
            throw Error(token, "credentials must be ACCESS_KEY:SECRET");
        }

        var accessKey = new StorageSecret(Uri.UnescapeDataString(credentials[..colon]));
        var secret = new StorageSecret(Uri.UnescapeDataString(credentials[(colon + 1)..]));
        var location = beforeQuery[(at + 1)..];
        int slash = location.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw Error(token, "HOST[:PORT]/BUCKET expected after '@'");
        }

        var bucket = location[(slash + 1)..].TrimEnd('/');
        if (bucket.Length == 0 || bucket.Contains('/', StringComparison.Ordinal))
        {
            throw Error(token, "exactly one path element, the bucket, is expected");
        }

        var (host, port) = SplitHostPort(token, location[..slash]);
        string region = "us-east-1";
        bool? tls = null;
        foreach (var parameter in queryText.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = parameter.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? parameter : parameter[..eq];
            var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(parameter[(eq + 1)..]);
            switch (name)
            {
                case "region" when value.Length > 0:
                    region = value;
                    break;
                case "tls" when bool.TryParse(value, out var flag):
                    tls = flag;
                    break;
                default:
                    throw Error(token, $"unknown or invalid query parameter '{name}' (region=NAME, tls=true|false)");
            }
        }

        bool useTls = tls ?? true;
        return new S3StorageConfiguration(token, accessKey, secret, host, port ?? (useTls ? 443 : 80), bucket, region, useTls);
    }

    private static (string Host, int? Port) SplitHostPort(string token, string text)
    {
        string host = text;
        string? portText = null;
        if (text.StartsWith('['))
        {
            int close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error(token, "unclosed IPv6 address");
            }

            host = text[1..close];
            if (close + 1 < text.Length)
            {
                portText = text[(close + 1)..].StartsWith(':') ? text[(close + 2)..] : throw Error(token, "junk after IPv6 address");
            }
        }
        else
        {
            int colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                host = text[..colon];
                portText = text[(colon + 1)..];
            }
        }

        if (host.Length == 0)
        {
            throw Error(token, "host is missing");
        }

        if (portText is null)
        {
            return (host, null);
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw Error(token, "port must be 1-65535");
        }

        return (host, port);
    }

    private static FormatException Error(string token, string problem)
        => new($"storage '{token}': invalid s3 URI, {problem} (expected s3://ACCESS_KEY:SECRET@HOST:PORT/BUCKET?region=R&tls=true|false)");
}
