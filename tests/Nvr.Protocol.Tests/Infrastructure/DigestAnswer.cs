using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// HTTP and RTSP Digest computed here (RFC 7616 3.4.1, qop=auth), so a test chooses the algorithm a real client
/// would pick from the challenge, and reads what a challenge offers.
/// </summary>
public static class DigestAnswer
{
    /// <summary>The value of one parameter of a challenge: <c>algorithm</c>, <c>nonce</c>, <c>realm</c>.</summary>
    public static string Parameter(string challenge, string name)
    {
        var at = challenge.IndexOf(name + "=", StringComparison.Ordinal);
        if (at < 0)
        {
            throw new Xunit.Sdk.XunitException($"no {name} in '{challenge}'");
        }

        var value = challenge[(at + name.Length + 1)..];
        return value.StartsWith('"') ? value[1..value.IndexOf('"', 1)] : value.Split(',')[0].Trim();
    }

    /// <summary>The algorithms the challenges offer, in their order.</summary>
    public static IReadOnlyList<string> Algorithms(IEnumerable<string> challenges) => challenges.Select(c => Parameter(c, "algorithm")).ToList();

    /// <summary>An Authorization header value answering <paramref name="challenge"/> with <paramref name="algorithm"/>.</summary>
    public static string Authorization(string challenge, string algorithm, OnvifCredentials credentials, string method, string uri, string nc = "00000001")
    {
        string H(string s) => Convert.ToHexStringLower(algorithm == "MD5" ? MD5.HashData(Encoding.UTF8.GetBytes(s)) : SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        var realm = Parameter(challenge, "realm");
        var nonce = Parameter(challenge, "nonce");
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var response = H($"{H($"{credentials.Username}:{realm}:{credentials.Password}")}:{nonce}:{nc}:{cnonce}:auth:{H($"{method}:{uri}")}");
        return $"Digest username=\"{credentials.Username}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm={algorithm}, qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"";
    }

    /// <summary>Posts a SOAP envelope with a Digest Authorization header; the reply is captured like RawSoap's.</summary>
    public static async Task<RawReply> PostAsync(EnvelopeCapture capture, string url, string envelope, string authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(envelope, Encoding.UTF8, "application/soap+xml") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var reply = await http.SendAsync(request);
        var bytes = await reply.Content.ReadAsByteArrayAsync();
        if (bytes.Length > 0)
        {
            capture.Add(bytes);
        }

        return new RawReply(reply.StatusCode, reply.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList(), Encoding.UTF8.GetString(bytes));
    }

    /// <summary>The head of the RTSP server's answer to an anonymous DESCRIBE of <paramref name="uri"/>.</summary>
    public static async Task<string> AnonymousDescribeAsync(string uri, TimeSpan patience)
    {
        var target = new Uri(uri);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, target.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"DESCRIBE {uri} RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n\r\n"));
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        using var deadline = new CancellationTokenSource(patience);
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await stream.ReadAsync(buffer, deadline.Token);
            if (n == 0)
            {
                break;
            }

            answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        return answer.ToString();
    }
}
