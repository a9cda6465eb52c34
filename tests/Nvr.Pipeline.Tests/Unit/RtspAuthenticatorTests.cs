using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.Tests.Unit;

[Trait("Category", "Unit")]
public sealed class RtspAuthenticatorTests
{
    [Fact]
    public void Digest_with_qop_matches_the_RFC_2617_worked_example()
    {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life", GET /dir/index.html, cnonce 0a4f113b, nc 00000001.
        var auth = new RtspAuthenticator(new RtspCredentials("Mufasa", "Circle Of Life"), () => "0a4f113b");
        Assert.True(auth.AcceptChallenge(["Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""]));
        var header = auth.AuthorizationFor("GET", "/dir/index.html");
        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", header);
        Assert.Contains("nc=00000001", header);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header);
    }

    [Fact]
    public void Digest_without_qop_uses_ha1_nonce_ha2()
    {
        var auth = new RtspAuthenticator(new RtspCredentials("user", "pass"));
        Assert.True(auth.AcceptChallenge(["Basic realm=\"cam\"", "Digest realm=\"cam\", nonce=\"abc\""]));
        var ha1 = RtspAuthenticator.Md5Hex("user:cam:pass");
        var ha2 = RtspAuthenticator.Md5Hex("DESCRIBE:rtsp://h/s");
        Assert.Contains($"response=\"{RtspAuthenticator.Md5Hex($"{ha1}:abc:{ha2}")}\"", auth.AuthorizationFor("DESCRIBE", "rtsp://h/s"));
    }

    [Fact]
    public void Basic_when_only_basic_is_offered()
    {
        var auth = new RtspAuthenticator(new RtspCredentials("Aladdin", "open sesame"));
        Assert.True(auth.AcceptChallenge(["Basic realm=\"x\""]));
        Assert.Equal("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", auth.AuthorizationFor("OPTIONS", "rtsp://h/"));
    }

    [Fact]
    public void Same_challenge_twice_means_refused_and_no_credentials_means_no_answer()
    {
        var auth = new RtspAuthenticator(new RtspCredentials("u", "p"));
        Assert.True(auth.AcceptChallenge(["Digest realm=\"r\", nonce=\"n1\""]));
        Assert.False(auth.AcceptChallenge(["Digest realm=\"r\", nonce=\"n1\""]));
        Assert.False(new RtspAuthenticator(null).AcceptChallenge(["Basic realm=\"x\""]));
    }

    [Fact]
    public void Credentials_come_from_the_uri_percent_decoded()
    {
        var creds = RtspCredentials.FromUri(new Uri("rtsp://ad%40min:p%3Ass@cam/stream"));
        Assert.Equal(new RtspCredentials("ad@min", "p:ss"), creds);
        Assert.Null(RtspCredentials.FromUri(new Uri("rtsp://cam/stream")));
    }
}
