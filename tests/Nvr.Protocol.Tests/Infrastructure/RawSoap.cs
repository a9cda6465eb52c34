using System.Net;
using System.Text;
using System.Xml.Linq;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>A raw HTTP reply of a SOAP post: status, Digest challenges, body text and the fault chain if any.</summary>
public sealed record RawReply(HttpStatusCode Status, IReadOnlyList<string> Challenges, string Body)
{
    private static readonly XNamespace Env = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>"env:Sender/ter:NotAuthorized", or null when the body is no fault.</summary>
    public string? Fault => Body.Length == 0 ? null : XDocument.Parse(Body.TrimStart('\uFEFF')).Descendants(Env + "Fault").FirstOrDefault() is { } fault
        ? string.Join("/", fault.Descendants(Env + "Value").Select(v => v.Value))
        : null;
}

/// <summary>Posts hand-written SOAP 1.2 envelopes over plain HTTP (no SOAP library) and captures every reply.</summary>
public sealed class RawSoap : IDisposable
{
    private readonly HttpClient _http;
    private readonly EnvelopeCapture _capture;

    public RawSoap(EnvelopeCapture capture, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _capture = capture;
    }

    public static string Envelope(string body, string header = "") =>
        $"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>";

    public static string Operation(string ns, string operation, string inner = "") => $"<{operation} xmlns=\"{ns}\">{inner}</{operation}>";

    public async Task<RawReply> PostAsync(string url, string envelope)
    {
        using var content = new StringContent(envelope, Encoding.UTF8, "application/soap+xml");
        using var response = await _http.PostAsync(url, content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length > 0)
        {
            _capture.Add(bytes);
        }

        var challenges = response.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList();
        return new RawReply(response.StatusCode, challenges, Encoding.UTF8.GetString(bytes));
    }

    public void Dispose() => _http.Dispose();
}
