using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.RtspServer;

/// <summary>An RTSP request received by the server (request line and headers, read by <see cref="RtspStreamParser"/>).</summary>
public sealed class RtspRequest
{
    private readonly RtspResponse _message;

    private RtspRequest(string method, string uri, RtspResponse message)
    {
        Method = method;
        Uri = uri;
        _message = message;
    }

    public string Method { get; }

    /// <summary>The request URI as sent.</summary>
    public string Uri { get; }

    public int CSeq => _message.CSeq;

    public string Body => _message.Body;

    public string? Header(string name) => _message.Header(name);

    /// <summary>Wraps a message the parser read as a request; null when its request line is malformed.</summary>
    public static RtspRequest? From(RtspResponse message)
    {
        if (message.StatusCode != 0)
        {
            return null;
        }

        var parts = message.ReasonPhrase.Split(' ');
        return parts.Length == 3 && parts[0].Length > 0 && parts[2] == "RTSP/1.0" ? new RtspRequest(parts[0], parts[1], message) : null;
    }

    /// <summary>The path of the request URI ("/replay/REC1/track0"); the URI itself when it has none ("*").</summary>
    public string Path
    {
        get
        {
            if (System.Uri.TryCreate(Uri, UriKind.Absolute, out var absolute))
            {
                return System.Uri.UnescapeDataString(absolute.AbsolutePath);
            }

            return Uri;
        }
    }
}
