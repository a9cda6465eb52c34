using System.Net;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Testing;

namespace Nvr.Protocol.Tests;

/// <summary>
/// HTTP Digest nonces the appliance no longer accepts (RFC 7616 section 3.3), over real HTTP on 127.0.0.1: a nonce
/// expired by the appliance's wall clock (stepped, <see cref="SteppableWallClock"/>: 6 minutes on, past the 5 minute
/// lifetime, or 2 minutes back, before its issue time) or issued before a restart is answered HTTP 401 with one fresh
/// challenge per algorithm carrying <c>stale=true</c>, and a client that keeps its credentials (<see cref="DigestClient"/>)
/// signs the same request again with the new nonce and is served, without a failure counted. A wrong password over
/// such a nonce is refused without <c>stale=true</c> (the user must be asked) and counted.
/// </summary>
public sealed class DigestStaleNonceTests : IClassFixture<DigestStaleNonceTests.SteppedFixture>
{
    private readonly SteppedFixture _fixture;

    public DigestStaleNonceTests(SteppedFixture fixture) => _fixture = fixture;

    private static string GetScopes => RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tds, "GetScopes"));

    public static TheoryData<string, int> Steps => new() { { "SHA-256", 6 }, { "MD5", 6 }, { "SHA-256", -2 } };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_nonce_expired_by_the_wall_clock_gets_a_fresh_stale_challenge_and_the_same_credentials_are_served_with_it(string algorithm, int stepMinutes)
    {
        var client = new DigestClient(_fixture.Capture, _fixture.DeviceUrl, OnvifCredentials.Admin, algorithm);
        var first = await client.SendAsync(GetScopes);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK], first.Select(r => r.Status));
        Assert.DoesNotContain(first[0].Challenges, c => c.Contains("stale", StringComparison.OrdinalIgnoreCase)); // no credentials: a plain challenge
        var nonce = client.Nonce;
        Assert.Equal([HttpStatusCode.OK], (await client.SendAsync(GetScopes)).Select(r => r.Status)); // nc 2 on the same nonce
        var failures = _fixture.Host.AuthenticationFailures;

        _fixture.Clock.Step(TimeSpan.FromMinutes(stepMinutes));
        var exchange = await client.SendAsync(GetScopes);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK], exchange.Select(r => r.Status));
        var stale = exchange[0];
        Assert.Equal("env:Sender/ter:NotAuthorized", stale.Fault);
        Assert.Equal(["SHA-256", "MD5"], DigestAnswer.Algorithms(stale.Challenges));
        Assert.All(stale.Challenges, c => Assert.Equal("true", DigestAnswer.Parameter(c, "stale")));
        var fresh = stale.Challenges.Select(c => DigestAnswer.Parameter(c, "nonce")).Distinct().ToList();
        Assert.Equal(client.Nonce, Assert.Single(fresh)); // the client signed the retry with the new nonce
        Assert.NotEqual(nonce, client.Nonce);
        Assert.Contains("GetScopesResponse", exchange[1].Body, StringComparison.Ordinal);
        Assert.Equal(failures, _fixture.Host.AuthenticationFailures); // a stale nonce is no failed log-in
        Assert.Equal([HttpStatusCode.OK], (await client.SendAsync(GetScopes)).Select(r => r.Status)); // the new nonce lives on
    }

    [Fact]
    public async Task A_wrong_password_over_an_expired_nonce_is_refused_without_stale_and_counted()
    {
        var client = new DigestClient(_fixture.Capture, _fixture.DeviceUrl, OnvifCredentials.Admin, "SHA-256");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(GetScopes))[^1].Status);
        _fixture.Clock.Step(TimeSpan.FromMinutes(6));
        var failures = _fixture.Host.AuthenticationFailures;

        var wrong = new DigestClient(_fixture.Capture, _fixture.DeviceUrl, new OnvifCredentials(OnvifCredentials.Admin.Username, "not-the-password"), "SHA-256", client);
        var exchange = await wrong.SendAsync(GetScopes);

        var refused = Assert.Single(exchange); // no retry: nothing says the nonce was the only problem
        Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("env:Sender/ter:NotAuthorized", refused.Fault);
        Assert.NotEmpty(refused.Challenges);
        Assert.All(refused.Challenges, c => Assert.DoesNotContain("stale", c, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(failures + 1, _fixture.Host.AuthenticationFailures);
    }

    [Fact]
    public async Task A_nonce_issued_before_a_restart_is_stale_and_the_client_is_served_with_the_new_one()
    {
        await using var appliance = new SteppedFixture();
        await appliance.InitializeAsync();
        var client = new DigestClient(appliance.Capture, appliance.DeviceUrl, OnvifCredentials.Admin, "SHA-256");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(GetScopes))[^1].Status);
        var nonce = client.Nonce;

        await appliance.RestartAsync(); // a new process key: the old nonce's HMAC is not the appliance's any more
        client.Url = appliance.DeviceUrl;
        var exchange = await client.SendAsync(GetScopes);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.OK], exchange.Select(r => r.Status));
        Assert.All(exchange[0].Challenges, c => Assert.Equal("true", DigestAnswer.Parameter(c, "stale")));
        Assert.NotEqual(nonce, client.Nonce);
        Assert.Equal(0, appliance.Host.AuthenticationFailures);
    }

    /// <summary>
    /// A Digest client as browsers and ONVIF clients are: it keeps the user's credentials and the last challenge,
    /// signs each request with the next nonce count, answers a 401 challenge once, and on <c>stale=true</c> signs
    /// again with the fresh nonce without asking the user; <see cref="SendAsync"/> returns every reply it got.
    /// </summary>
    private sealed class DigestClient(EnvelopeCapture capture, string url, OnvifCredentials credentials, string algorithm, DigestClient? sharing = null)
    {
        private string? _challenge = sharing?._challenge;
        private int _count = sharing?._count ?? 0;

        public string Url { get; set; } = url;

        public string Nonce => DigestAnswer.Parameter(_challenge ?? throw new InvalidOperationException("no challenge yet"), "nonce");

        public async Task<IReadOnlyList<RawReply>> SendAsync(string envelope)
        {
            var replies = new List<RawReply>();
            var path = new Uri(Url).AbsolutePath;
            while (true)
            {
                var signed = _challenge is not null;
                RawReply reply;
                if (_challenge is null)
                {
                    using var anonymous = new RawSoap(capture);
                    reply = await anonymous.PostAsync(Url, envelope);
                }
                else
                {
                    var nc = (++_count).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
                    reply = await DigestAnswer.PostAsync(capture, Url, envelope, DigestAnswer.Authorization(_challenge, algorithm, credentials, "POST", path, nc));
                }

                replies.Add(reply);
                var offered = reply.Challenges.FirstOrDefault(c => DigestAnswer.Parameter(c, "algorithm") == algorithm);
                var stale = offered is not null && offered.Contains("stale=true", StringComparison.Ordinal);
                if (reply.Status != HttpStatusCode.Unauthorized || offered is null || (signed && !stale) || replies.Count > 2)
                {
                    return replies;
                }

                (_challenge, _count) = (offered, 0);
            }
        }
    }

    /// <summary>An appliance whose wall clock the test steps; its own SOAP clients sign with the stepped time.</summary>
    public sealed class SteppedFixture : ApplianceFixture
    {
        public SteppableWallClock Clock { get; } = new();

        public string DeviceUrl => Host.BaseUrls[0].TrimEnd('/') + OnvifServicePaths.Device;

        protected override Func<DateTime>? ClientClock => () => DateTime.UtcNow + Clock.Offset;

        protected override ApplianceOptions Configure(ApplianceOptions options) => options with { Time = Clock };

        public override async Task DisposeAsync()
        {
            try
            {
                await OnvifValidator.AssertValidAsync(Capture, "digest-stale");
            }
            finally
            {
                await base.DisposeAsync();
            }
        }
    }
}
