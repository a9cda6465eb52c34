using System.Security.Cryptography;
using System.Text;

namespace Nvr.Pipeline.Rtsp;

/// <summary>
/// Answers RTSP authentication challenges (RFC 2617 as used by RTSP): Digest (MD5, with or without
/// <c>qop=auth</c>) preferred over Basic. After a challenge every request carries an Authorization header.
/// </summary>
public sealed class RtspAuthenticator
{
    private readonly RtspCredentials? _credentials;
    private readonly Func<string> _clientNonce;
    private string? _scheme;
    private string _realm = string.Empty;
    private string _nonce = string.Empty;
    private string? _opaque;
    private bool _qopAuth;
    private int _nonceCount;

    /// <param name="credentials">User and password; null answers no challenge.</param>
    /// <param name="clientNonce">Source of Digest cnonce values (random by default; fixed in tests).</param>
    public RtspAuthenticator(RtspCredentials? credentials, Func<string>? clientNonce = null)
    {
        this._credentials = credentials;
        this._clientNonce = clientNonce ?? (static () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
    }

    /// <summary>True once a challenge has been accepted.</summary>
    public bool HasChallenge => _scheme is not null;

    /// <summary>
    /// Takes the WWW-Authenticate challenges of a 401. False when no credentials are configured or no
    /// supported scheme was offered (the 401 is then final).
    /// </summary>
    public bool AcceptChallenge(IEnumerable<string> challenges)
    {
        if (_credentials is null)
        {
            return false;
        }

        string? basic = null;
        foreach (var challenge in challenges)
        {
            if (challenge.StartsWith("Digest", StringComparison.OrdinalIgnoreCase))
            {
                var fields = ParseFields(challenge[6..]);
                var algorithm = fields.GetValueOrDefault("algorithm", "MD5");
                if (!algorithm.Equals("MD5", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var stale = _scheme == "Digest" && fields.GetValueOrDefault("stale", "false").Equals("true", StringComparison.OrdinalIgnoreCase);
                var newNonce = fields.GetValueOrDefault("nonce", string.Empty);
                if (_scheme == "Digest" && !stale && newNonce == _nonce)
                {
                    return false;  // same challenge again: the credentials were refused
                }

                _scheme = "Digest";
                _realm = fields.GetValueOrDefault("realm", string.Empty);
                _nonce = newNonce;
                _opaque = fields.GetValueOrDefault("opaque");
                _qopAuth = fields.GetValueOrDefault("qop", string.Empty).Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
                _nonceCount = 0;
                return true;
            }

            if (challenge.StartsWith("Basic", StringComparison.OrdinalIgnoreCase))
            {
                basic = challenge;
            }
        }

        if (basic is null || _scheme == "Basic")
        {
            return false;
        }

        _scheme = "Basic";
        return true;
    }

    /// <summary>The Authorization header value for a request, or null before any challenge.</summary>
    public string? AuthorizationFor(string method, string uri)
    {
        if (_scheme is null || _credentials is null)
        {
            return null;
        }

        if (_scheme == "Basic")
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.UserName}:{_credentials.Password}"));
        }

        var ha1 = Md5Hex($"{_credentials.UserName}:{_realm}:{_credentials.Password}");
        var ha2 = Md5Hex($"{method}:{uri}");
        var header = new StringBuilder();
        header.Append($"Digest username=\"{_credentials.UserName}\", realm=\"{_realm}\", nonce=\"{_nonce}\", uri=\"{uri}\"");
        if (_qopAuth)
        {
            var nc = (++_nonceCount).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            var cnonce = _clientNonce();
            var response = Md5Hex($"{ha1}:{_nonce}:{nc}:{cnonce}:auth:{ha2}");
            header.Append($", response=\"{response}\", qop=auth, nc={nc}, cnonce=\"{cnonce}\"");
        }
        else
        {
            header.Append($", response=\"{Md5Hex($"{ha1}:{_nonce}:{ha2}")}\"");
        }

        if (_opaque is not null)
        {
            header.Append($", opaque=\"{_opaque}\"");
        }

        header.Append(", algorithm=MD5");
        return header.ToString();
    }

    /// <summary>Digest computation helper (exposed for tests against RFC 2617's worked example).</summary>
    public static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static Dictionary<string, string> ParseFields(string text)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ','))
            {
                i++;
            }

            var eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var name = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    close = text.Length;
                }

                value = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                var comma = text.IndexOf(',', i);
                if (comma < 0)
                {
                    comma = text.Length;
                }

                value = text[i..comma].Trim();
                i = comma;
            }

            fields[name] = value;
        }

        return fields;
    }
}
