using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Security;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Credentials on the wire: UsernameToken digests (replayed nonce, Created outside the window, Created formats, wrong
/// password), HTTP Digest with real clients (.NET HttpClient with a CredentialCache, curl --digest), MD5 and SHA-256,
/// and forged Digest answers (wrong realm, nonce, count). Refusals are env:Sender/ter:NotAuthorized.
/// </summary>
public sealed class CredentialCheckTests : IClassFixture<AuthenticationFixture>, IDisposable
{
    private readonly AuthenticationFixture _fixture;
    private readonly RawSoap _raw;

    public CredentialCheckTests(AuthenticationFixture fixture)
    {
        _fixture = fixture;
        _raw = new RawSoap(fixture.Capture);
    }

    private string DeviceUrl => _fixture.BaseUrl + OnvifServicePaths.Device;

    private static string GetScopes => RawSoap.Operation(OnvifSoapClient.Tds, "GetScopes");

    public void Dispose() => _raw.Dispose();

    private static string Created(DateTime time, string format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'") => time.ToString(format, CultureInfo.InvariantCulture);

    private Task<RawReply> WithTokenAsync(string created, byte[]? nonce = null, OnvifCredentials? credentials = null, string? digestPassword = null) =>
        _raw.PostAsync(DeviceUrl, RawSoap.Envelope(GetScopes, UsernameTokenHeader.Xml(credentials ?? OnvifCredentials.Admin, created, nonce ?? RandomNumberGenerator.GetBytes(16), digestPassword)));

    private static void AssertNotAuthorized(RawReply reply)
    {
        Assert.True(reply.Status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"HTTP {(int)reply.Status}");
        Assert.Equal("env:Sender/ter:NotAuthorized", reply.Fault);
    }

    [Fact]
    public async Task A_replayed_nonce_is_refused()
    {
        var nonce = RandomNumberGenerator.GetBytes(16);
        var created = Created(DateTime.UtcNow);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(created, nonce)).Status);
        AssertNotAuthorized(await WithTokenAsync(created, nonce));
    }

    [Fact]
    public async Task Created_outside_the_five_minute_window_is_refused_either_way()
    {
        AssertNotAuthorized(await WithTokenAsync(Created(DateTime.UtcNow.AddMinutes(-6))));
        AssertNotAuthorized(await WithTokenAsync(Created(DateTime.UtcNow.AddMinutes(6))));
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(Created(DateTime.UtcNow.AddMinutes(-4)))).Status);
    }

    [Fact]
    public async Task Created_with_and_without_fractional_seconds_and_with_Z_or_an_offset_is_accepted()
    {
        var now = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(Created(now, "yyyy-MM-dd'T'HH:mm:ss'Z'"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(Created(now, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(Created(now, "yyyy-MM-dd'T'HH:mm:ss'+00:00'"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(new DateTimeOffset(now).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture))).Status);
        AssertNotAuthorized(await WithTokenAsync(Created(now, "yyyy-MM-dd'T'HH:mm:ss"))); // no zone: ambiguous
    }

    [Fact]
    public async Task A_wrong_password_or_an_unknown_user_is_refused_and_counted()
    {
        var before = _fixture.Host.AuthenticationFailures;
        AssertNotAuthorized(await WithTokenAsync(Created(DateTime.UtcNow), digestPassword: "not-the-password"));
        AssertNotAuthorized(await WithTokenAsync(Created(DateTime.UtcNow), credentials: new OnvifCredentials("nobody", "x")));
        Assert.Equal(before + 2, _fixture.Host.AuthenticationFailures);
        Assert.Equal(HttpStatusCode.OK, (await WithTokenAsync(Created(DateTime.UtcNow))).Status);
    }

    [Fact]
    public async Task HttpClient_signs_in_with_HTTP_Digest_SHA_256_the_preferred_challenge()
    {
        using var handler = new HttpClientHandler { Credentials = new CredentialCache { { new Uri(_fixture.BaseUrl), "Digest", new NetworkCredential(OnvifCredentials.Admin.Username, OnvifCredentials.Admin.Password) } } };
        using var digest = new RawSoap(_fixture.Capture, handler);
        var reply = await digest.PostAsync(DeviceUrl, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tds, "GetUsers")));
        Assert.True(reply.Status == HttpStatusCode.OK, $"HTTP {(int)reply.Status} {reply.Fault}");
        Assert.Contains("viewer-1", reply.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClient_signs_in_with_HTTP_Digest_MD5_when_the_device_offers_only_MD5()
    {
        await using var md5 = new Md5OnlyFixture();
        await md5.InitializeAsync();
        var baseUrl = md5.Host.BaseUrls[0].TrimEnd('/');
        using var handler = new HttpClientHandler { Credentials = new CredentialCache { { new Uri(baseUrl), "Digest", new NetworkCredential(OnvifCredentials.Admin.Username, OnvifCredentials.Admin.Password) } } };
        using var digest = new RawSoap(md5.Capture, handler);
        var reply = await digest.PostAsync(baseUrl + OnvifServicePaths.Recording, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Trc, "GetRecordings")));
        Assert.True(reply.Status == HttpStatusCode.OK, $"HTTP {(int)reply.Status} {reply.Fault}");
        using var anonymous = new RawSoap(md5.Capture);
        var challenge = await anonymous.PostAsync(baseUrl + OnvifServicePaths.Recording, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Trc, "GetRecordings")));
        Assert.Equal("algorithm=MD5", Assert.Single(challenge.Challenges).Split(", ").Single(p => p.StartsWith("algorithm=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Curl_digest_signs_in_and_a_wrong_password_is_refused()
    {
        var body = Path.Combine(_fixture.DataDirectory, "curl-body.xml");
        await File.WriteAllTextAsync(body, RawSoap.Envelope(GetScopes));
        string[] Args(string password) => ["-s", "-o", "-", "-w", "\n%{http_code}", "--digest", "-u", $"admin:{password}", "-H", "Content-Type: application/soap+xml", "--data-binary", "@" + body, DeviceUrl];
        var (code, output, _) = await TestTools.RunUncheckedAsync("curl", Args(OnvifCredentials.Admin.Password), TimeSpan.FromSeconds(30));
        Assert.Equal(0, code);
        Assert.EndsWith("\n200", output.TrimEnd(), StringComparison.Ordinal);
        (code, output, _) = await TestTools.RunUncheckedAsync("curl", Args("wrong"), TimeSpan.FromSeconds(30));
        Assert.EndsWith("\n401", output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("ter:NotAuthorized", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_answers_with_a_wrong_realm_a_forged_nonce_or_a_repeated_count_are_refused()
    {
        var challenge = (await _raw.PostAsync(DeviceUrl, RawSoap.Envelope(GetScopes))).Challenges.First();
        var nonce = challenge.Split(", ").Single(p => p.StartsWith("nonce=", StringComparison.Ordinal))[7..^1];
        var realm = challenge.Split(", ").Single(p => p.StartsWith("Digest realm=", StringComparison.Ordinal))[14..^1];
        Assert.Equal(HttpStatusCode.OK, (await DigestAsync(realm, nonce, "00000001")).Status);
        AssertNotAuthorized(await DigestAsync(realm, nonce, "00000001")); // same count again: replay
        Assert.Equal(HttpStatusCode.OK, (await DigestAsync(realm, nonce, "00000002")).Status);
        AssertNotAuthorized(await DigestAsync("other realm", nonce, "00000003"));
        AssertNotAuthorized(await DigestAsync(realm, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('='), "00000001"));
        AssertNotAuthorized(await DigestAsync(realm, nonce, "00000004", password: "wrong"));
        var refused = await DigestAsync(realm, nonce, "00000005", password: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.NotEmpty(refused.Challenges);
    }

    /// <summary>A SHA-256 Digest Authorization computed here (RFC 7616 3.4.1), to forge what a real client would not.</summary>
    private async Task<RawReply> DigestAsync(string realm, string nonce, string nc, string? password = null)
    {
        static string H(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
        const string uri = "/onvif/device_service";
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var response = H($"{H($"admin:{realm}:{password ?? OnvifCredentials.Admin.Password}")}:{nonce}:{nc}:{cnonce}:auth:{H($"POST:{uri}")}");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, DeviceUrl) { Content = new StringContent(RawSoap.Envelope(GetScopes), Encoding.UTF8, "application/soap+xml") };
        request.Headers.TryAddWithoutValidation("Authorization",
            $"Digest username=\"admin\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=SHA-256, qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\"");
        using var reply = await http.SendAsync(request);
        var bytes = await reply.Content.ReadAsByteArrayAsync();
        _fixture.Capture.Add(bytes);
        return new RawReply(reply.StatusCode, reply.Headers.WwwAuthenticate.Select(h => h.ToString()).ToList(), Encoding.UTF8.GetString(bytes));
    }

    private sealed class Md5OnlyFixture : ApplianceFixture
    {
        protected override AuthenticationOptions Authentication => new() { DigestAlgorithms = ["MD5"] };
    }
}
