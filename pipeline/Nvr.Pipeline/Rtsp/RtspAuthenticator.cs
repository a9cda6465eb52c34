using System.Security.Cryptography;
using System.Text;

namespace Nvr.Pipeline.Rtsp;

/// <summary>
/// Answers RTSP authentication challenges (RFC 2617 as used by RTSP): Digest (MD5, with or without
/// <c>qop=auth</c>) preferred over Basic. After a challenge every request carries an Authorization header.
/// </summary>
public sealed class RtspAuthenticator
{
    private readonly RtspCredentials? credentials;
    private readonly Func<string> clientNonce;
    private string? scheme;
    private string realm = string.Empty;
    private string nonce = string.Empty;
    private string? opaque;
    private bool qopAuth;
    private int nonceCount;

    /// <param name="credentials">User and password; null answers no challenge.</param>
    /// <param name="clientNonce">Source of Digest cnonce values (random by default; fixed in tests).</param>
    public RtspAuthenticator(RtspCredentials? credentials, Func<string>? clientNonce = null)
    {
        this.credentials = credentials;
        this.clientNonce = clientNonce ?? (static () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
    }

    /// <summary>True once a challenge has been accepted.</summary>
    public bool HasChallenge => scheme is not null;

    /// <summary>
    /// Takes the WWW-Authenticate challenges of a 401. False when no credentials are configured or no
    /// supported scheme was offered (the 401 is then final).
    /// </summary>
    public bool AcceptChallenge(IEnumerable<string> challenges)
    {
        if (credentials is null)
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

                var stale = scheme == "Digest" && fields.GetValueOrDefault("stale", "false").Equals("true", StringComparison.OrdinalIgnoreCase);
                var newNonce = fields.GetValueOrDefault("nonce", string.Empty);
                if (scheme == "Digest" && !stale && newNonce == nonce)
                {
                    return false;  // same challenge again: the credentials were refused
                }

                scheme = "Digest";
                realm = fields.GetValueOrDefault("realm", string.Empty);
                nonce = newNonce;
                opaque = fields.GetValueOrDefault("opaque");
                qopAuth = fields.GetValueOrDefault("qop", string.Empty).Split(',').Any(q => q.Trim().Equals("auth", StringComparison.OrdinalIgnoreCase));
                nonceCount = 0;
                return true;
            }

            if (challenge.StartsWith("Basic", StringComparison.OrdinalIgnoreCase))
            {
                basic = challenge;
            }
        }

        if (basic is null || scheme == "Basic")
        {
            return false;
        }

        scheme = "Basic";
        return true;
    }

    /// <summary>The Authorization header value for a request, or null before any challenge.</summary>
    public string? AuthorizationFor(string method, string uri)
    {
        if (scheme is null || credentials is null)
        {
            return null;
        }

        if (scheme == "Basic")
        {
            return "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.UserName}:{credentials.Password}"));
        }

        var ha1 = Md5Hex($"{credentials.UserName}:{realm}:{credentials.Password}");
        var ha2 = Md5Hex($"{method}:{uri}");
        var header = new StringBuilder();
        header.Append($"Digest username=\"{credentials.UserName}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\"");
        if (qopAuth)
        {
            var nc = (++nonceCount).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
            var cnonce = clientNonce();
            var response = Md5Hex($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}");
            header.Append($", response=\"{response}\", qop=auth, nc={nc}, cnonce=\"{cnonce}\"");
        }
        else
        {
            header.Append($", response=\"{Md5Hex($"{ha1}:{nonce}:{ha2}")}\"");
        }

        if (opaque is not null)
        {
            header.Append($", opaque=\"{opaque}\"");
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
