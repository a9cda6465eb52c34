using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Nvr.Protocol.Security;

/// <summary>The parameters of an <c>Authorization: Digest …</c> header (RFC 7616 section 3.4).</summary>
public sealed record DigestCredentials(IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The parameters of a Digest authorization header value; null when it is not Digest.</summary>
    /// <exception cref="FormatException">The parameter list cannot be read.</exception>
    public static DigestCredentials? Parse(string? header)
    {
        if (header is null || !header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = header.AsSpan(7);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ' ' || text[i] == ',' || text[i] == '\t'))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var equals = text[i..].IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException("a Digest parameter has no value");
            }

            var name = text.Slice(i, equals).Trim().ToString();
            i += equals + 1;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    value.Append(text[i++]);
                }

                if (i >= text.Length)
                {
                    throw new FormatException("an unterminated quoted Digest parameter");
                }

                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i++]);
                }
            }

            if (!parameters.TryAdd(name, value.ToString().Trim()))
            {
                throw new FormatException($"the Digest parameter '{name}' appears twice");
            }
        }

        return new DigestCredentials(parameters);
    }
}

/// <summary>
/// HTTP Digest access authentication (RFC 7616) with qop=auth and the algorithms MD5 and SHA-256. Nonces are made
/// here: issue time, random bytes and an HMAC under a per-process key, so a forged or altered nonce is refused
/// without lookup; issued nonces live in a bounded table with the highest nonce count seen, so a nonce count
/// must grow (replay refused) and a nonce expires after <see cref="NonceLifetime"/>. A correct digest over a nonce
/// not accepted (expired, forgotten, or not ours: made before a restart) is stale (answered with stale=true, RFC 7616
/// section 3.3); a wrong one is refused whatever its nonce, so stale=true tells only a client that knows the password.
/// </summary>
public sealed class HttpDigestAuthenticator
{
    private readonly TimeProvider _time;
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly string _opaque = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private readonly Dictionary<string, long> _issued = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();
    private readonly int _capacity;

    public HttpDigestAuthenticator(TimeProvider time, string realm, IReadOnlyList<string> algorithms, TimeSpan nonceLifetime, int capacity = 4096)
    {
        _time = time;
        Realm = realm;
        Algorithms = Checked(algorithms);
        NonceLifetime = nonceLifetime;
        _capacity = capacity;
    }

    public string Realm { get; }

    /// <summary>
    /// The algorithms offered by default, one challenge each, in order of preference; a caller passes others (what
    /// SetHashingAlgorithm chose) to <see cref="Challenges"/> and <see cref="Verify"/>.
    /// </summary>
    public IReadOnlyList<string> Algorithms { get; }

    public TimeSpan NonceLifetime { get; }

    /// <summary>One WWW-Authenticate value per algorithm (null: <see cref="Algorithms"/>), sharing one fresh nonce.</summary>
    public IReadOnlyList<string> Challenges(bool stale, IReadOnlyList<string>? algorithms = null)
    {
        var nonce = IssueNonce();
        return (algorithms is null ? Algorithms : Checked(algorithms)).Select(a =>
            $"Digest realm=\"{Realm}\", qop=\"auth\", algorithm={a}, nonce=\"{nonce}\", opaque=\"{_opaque}\"{(stale ? ", stale=true" : string.Empty)}").ToList();
    }

    /// <summary>
    /// Checks the credentials against <paramref name="passwordOf"/> (null: no such user). With
    /// <paramref name="acceptWithoutQop"/> a response without qop (RFC 2069, what RTSP clients such as GStreamer's
    /// send) is checked too: the nonce must still be ours and fresh, but it carries no count. Only an algorithm of
    /// <paramref name="algorithms"/> (null: <see cref="Algorithms"/>) is accepted.
    /// </summary>
    public DigestOutcome Verify(DigestCredentials credentials, string method, string requestTarget, Func<string, string?> passwordOf, bool acceptWithoutQop = false,
        IReadOnlyList<string>? algorithms = null)
    {
        string? username = credentials["username"], realm = credentials["realm"], nonce = credentials["nonce"], uri = credentials["uri"];
        string? response = credentials["response"], qop = credentials["qop"], nc = credentials["nc"], cnonce = credentials["cnonce"];
        var algorithm = credentials["algorithm"] ?? "MD5";
        if (username is null || realm is null || nonce is null || uri is null || response is null)
        {
            return DigestOutcome.Refused("the Digest credentials miss a parameter");
        }

        // RFC 2069 (no qop, no count) only where the caller accepts it (RTSP); otherwise qop=auth with nc and cnonce.
        var withoutQop = acceptWithoutQop && qop is null && nc is null && cnonce is null;
        if (!withoutQop && (nc is null || cnonce is null))
        {
            return DigestOutcome.Refused("the Digest credentials miss a parameter");
        }

        if (!withoutQop && !string.Equals(qop, "auth", StringComparison.Ordinal))
        {
            return DigestOutcome.Refused("only qop=auth is accepted");
        }

        if (!(algorithms ?? Algorithms).Contains(algorithm, StringComparer.OrdinalIgnoreCase))
        {
            return DigestOutcome.Refused($"algorithm {algorithm} is not offered");
        }

        if (!string.Equals(realm, Realm, StringComparison.Ordinal))
        {
            return DigestOutcome.Refused("wrong realm");
        }

        // RTSP clients may sign a request with the session's base URI (its control URIs extend it).
        if (!string.Equals(uri, requestTarget, StringComparison.Ordinal) && !uri.EndsWith(requestTarget, StringComparison.Ordinal)
            && !(withoutQop && requestTarget.StartsWith(uri, StringComparison.Ordinal)))
        {
            return DigestOutcome.Refused("the digest uri is not the request's");
        }

        long count = 0;
        if (!withoutQop && (!long.TryParse(nc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out count) || nc!.Length != 8 || count <= 0))
        {
            return DigestOutcome.Refused("nc is not 8 hex digits above zero");
        }

        var password = passwordOf(username);
        var hash = algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase) ? (Func<string, string>)Sha256 : Md5;
        var ha1 = hash($"{username}:{realm}:{password ?? Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}");
        var ha2 = hash($"{method}:{uri}");
        var expected = withoutQop ? hash($"{ha1}:{nonce}:{ha2}") : hash($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
        if (password is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return DigestOutcome.Refused("wrong user name or password");
        }

        // RFC 7616 3.3: stale=true only for a valid digest over a nonce we no longer accept (expired, forgotten,
        // issued before a restart under another key): the client knows the password and retries without asking.
        if (CheckNonce(nonce) is { } nonceState)
        {
            return DigestOutcome.Stale(nonceState);
        }

        if (withoutQop)
        {
            return DigestOutcome.Accepted(username);
        }

        return AdvanceCount(nonce, count) ? DigestOutcome.Accepted(username) : DigestOutcome.Refused("the nonce count did not grow (replay)");
    }

    private static IReadOnlyList<string> Checked(IReadOnlyList<string> algorithms) =>
        algorithms.Count > 0 && algorithms.All(a => a is "MD5" or "SHA-256")
            ? algorithms
            : throw new ArgumentException("the Digest algorithms are MD5 and/or SHA-256", nameof(algorithms));

    private string IssueNonce()
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteInt64BigEndian(bytes, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(bytes.AsSpan(8, 8));
        HMACSHA256.HashData(_key, bytes.AsSpan(0, 16)).AsSpan(0, 16).CopyTo(bytes.AsSpan(16));
        var nonce = Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        lock (_lock)
        {
            while (_order.Count >= _capacity)
            {
                _issued.Remove(_order.Dequeue());
            }

            _issued[nonce] = 0;
            _order.Enqueue(nonce);
        }

        return nonce;
    }

    /// <summary>Null when the nonce is one of ours, fresh and still in the table; else why it is not accepted.</summary>
    private string? CheckNonce(string nonce)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(nonce.Replace('-', '+').Replace('_', '/') + "=");
        }
        catch (FormatException)
        {
            return "the nonce was not issued here";
        }

        if (bytes.Length != 32 || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, bytes.AsSpan(0, 16)).AsSpan(0, 16), bytes.AsSpan(16)))
        {
            return "the nonce was not issued here";
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes));
        var now = _time.GetUtcNow();
        if (now - issued > NonceLifetime || issued - now > TimeSpan.FromMinutes(1))
        {
            return "the nonce expired";
        }

        lock (_lock)
        {
            return _issued.ContainsKey(nonce) ? null : "the nonce was forgotten";
        }
    }

    private bool AdvanceCount(string nonce, long count)
    {
        lock (_lock)
        {
            if (!_issued.TryGetValue(nonce, out var last) || count <= last)
            {
                return false;
            }

            _issued[nonce] = count;
            return true;
        }
    }

    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

/// <summary>What a Digest check decided: the user, a refusal (with reason) or a stale nonce (the client retries).</summary>
public sealed record DigestOutcome(string? Username, string? Reason, bool IsStale)
{
    public static DigestOutcome Accepted(string username) => new(username, null, false);

    public static DigestOutcome Refused(string reason) => new(null, reason, false);

    public static DigestOutcome Stale(string reason) => new(null, $"stale: {reason}", true);
}
