namespace Nvr.Pipeline.Rtsp;

/// <summary>An RTSP response (RFC 2326 §7): status line, headers (names case-insensitive, repeats kept) and body.</summary>
public sealed class RtspResponse
{
    public RtspResponse(int statusCode, string reasonPhrase, IReadOnlyList<KeyValuePair<string, string>> headers, string body)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Headers = headers;
        Body = body;
    }

    /// <summary>The status code; 0 for a request sent by the server (then <see cref="ReasonPhrase"/> is its request line).</summary>
    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public string Body { get; }

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>The CSeq header, -1 when absent or not a number.</summary>
    public int CSeq => int.TryParse(Header("CSeq"), out var value) ? value : -1;

    /// <summary>First value of a header, null when absent.</summary>
    public string? Header(string name)
    {
        foreach (var pair in Headers)
        {
            if (pair.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>All values of a header (e.g. several WWW-Authenticate challenges).</summary>
    public IEnumerable<string> HeaderValues(string name)
    {
        foreach (var pair in Headers)
        {
            if (pair.Key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                yield return pair.Value;
            }
        }
    }

    public override string ToString() => $"RTSP/1.0 {StatusCode} {ReasonPhrase}";
}
