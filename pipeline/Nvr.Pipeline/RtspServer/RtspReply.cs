using System.Globalization;
using System.Text;

namespace Nvr.Pipeline.RtspServer;

/// <summary>An RTSP response the server writes (status, headers, optional body).</summary>
public sealed class RtspReply
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

    public RtspReply(int status, string reason)
    {
        Status = status;
        Reason = reason;
    }

    public int Status { get; }

    public string Reason { get; }

    public string Body { get; private set; } = string.Empty;

    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    public static RtspReply Ok() => new(200, "OK");

    public RtspReply With(string name, string value)
    {
        _headers.Add(new(name, value));
        return this;
    }

    public RtspReply WithBody(string contentType, string body)
    {
        Body = body;
        return With("Content-Type", contentType);
    }

    /// <summary>The response bytes with <paramref name="cseq"/> echoed (omitted when the request had none).</summary>
    public byte[] Serialize(int cseq)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"RTSP/1.0 {Status} {Reason}\r\n");
        if (cseq >= 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq}\r\n");
        }

        foreach (var (name, value) in _headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        var body = Encoding.UTF8.GetBytes(Body);
        if (body.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        text.Append("\r\n");
        var head = Encoding.Latin1.GetBytes(text.ToString());
        return [.. head, .. body];
    }
}
