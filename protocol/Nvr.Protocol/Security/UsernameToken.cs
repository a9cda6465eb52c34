using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Nvr.Protocol.Security;

/// <summary>A WS-Security UsernameToken as read from a request's wsse:Security header.</summary>
public sealed record UsernameToken(string Username, string Password, bool IsDigest, byte[]? Nonce, string? Created)
{
    public const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string PasswordDigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    public const string PasswordTextType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";

    private static readonly XNamespace WsseNs = Wsse;
    private static readonly XNamespace WsuNs = Wsu;

    /// <summary>
    /// The token of the envelope's header; null without a Security header or UsernameToken.
    /// </summary>
    /// <exception cref="FormatException">A token is present but malformed (no username, unknown password type, bad nonce).</exception>
    public static UsernameToken? From(XElement? header)
    {
        var token = header?.Elements(WsseNs + "Security").Elements(WsseNs + "UsernameToken").FirstOrDefault();
        if (token is null)
        {
            return null;
        }

        var username = token.Element(WsseNs + "Username")?.Value.Trim();
        var password = token.Element(WsseNs + "Password");
        if (string.IsNullOrEmpty(username) || password is null)
        {
            throw new FormatException("the UsernameToken needs a Username and a Password");
        }

        var type = (string?)password.Attribute("Type") ?? PasswordTextType;
        var isDigest = type switch
        {
            PasswordDigestType => true,
            PasswordTextType => false,
            _ => throw new FormatException($"unsupported password type '{type}'"),
        };
        var nonceText = token.Element(WsseNs + "Nonce")?.Value.Trim();
        byte[]? nonce = null;
        if (nonceText is not null)
        {
            nonce = Convert.FromBase64String(nonceText);
        }

        var created = token.Element(WsuNs + "Created")?.Value.Trim() ?? token.Element(WsseNs + "Created")?.Value.Trim();
        return new UsernameToken(username, password.Value.Trim(), isDigest, nonce, created);
    }

    /// <summary>Base64(SHA1(nonce + created + password)), the PasswordDigest of the username token profile.</summary>
    public static string Digest(byte[] nonce, string created, string password)
    {
        var createdBytes = Encoding.UTF8.GetBytes(created);
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        var input = new byte[nonce.Length + createdBytes.Length + passwordBytes.Length];
        nonce.CopyTo(input, 0);
        createdBytes.CopyTo(input, nonce.Length);
        passwordBytes.CopyTo(input, nonce.Length + createdBytes.Length);
        return Convert.ToBase64String(SHA1.HashData(input));
    }
}

/// <summary>
/// Verifies UsernameTokens: PasswordDigest with a Created time inside the window (xs:dateTime with a zone, Z or
/// ±hh:mm, with or without fractional seconds) and a nonce not seen before in the window; PasswordText only over TLS.
/// Seen nonces are kept in a bounded cache (oldest evicted first) for as long as their Created is inside the window.
/// </summary>
public sealed partial class UsernameTokenVerifier
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly Lock _lock = new();

    public UsernameTokenVerifier(TimeProvider time, TimeSpan window, int capacity = 16_384)
    {
        _time = time;
        _window = window;
        _capacity = capacity;
    }

    /// <summary>Null when the token proves <paramref name="password"/>; otherwise why not (never the password).</summary>
    public string? Verify(UsernameToken token, string password, bool overTls)
    {
        if (!token.IsDigest)
        {
            if (!overTls)
            {
                return "PasswordText is accepted only over TLS";
            }

            return FixedTimeEquals(token.Password, password) ? null : "wrong password";
        }

        if (token.Nonce is null || token.Nonce.Length == 0 || token.Created is null)
        {
            return "a PasswordDigest needs a Nonce and a Created time";
        }

        if (!TryParseCreated(token.Created, out var created))
        {
            return "Created is not an xs:dateTime with a time zone";
        }

        var now = _time.GetUtcNow();
        if (created < now - _window || created > now + _window)
        {
            return "Created is outside the accepted window";
        }

        if (!FixedTimeEquals(UsernameToken.Digest(token.Nonce, token.Created, password), token.Password))
        {
            return "wrong password digest";
        }

        return Remember(Convert.ToBase64String(token.Nonce), created + _window, now) ? null : "the nonce was used before";
    }

    public static bool TryParseCreated(string text, out DateTimeOffset created)
    {
        created = default;
        if (!ZonedDateTime().IsMatch(text))
        {
            return false;
        }

        try
        {
            created = XmlConvert.ToDateTimeOffset(text);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException: the offset moves the instant outside years 1..9999 (0001-01-01T00:00:00+14:00)
            return false;
        }
    }

    private bool Remember(string nonce, DateTimeOffset expires, DateTimeOffset now)
    {
        lock (_lock)
        {
            while (_order.Count > 0 && (_order.Peek().Expires < now || _order.Count >= _capacity))
            {
                var (key, _) = _order.Dequeue();
                _seen.Remove(key);
            }

            if (_seen.ContainsKey(nonce))
            {
                return false;
            }

            _seen[nonce] = expires;
            _order.Enqueue((nonce, expires));
            return true;
        }
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex ZonedDateTime();
}
