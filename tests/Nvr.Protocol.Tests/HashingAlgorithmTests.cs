using System.Net;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// SetHashingAlgorithm over the wire (Core "SetHashingAlgorithm"): the HTTP and RTSP Digest challenges carry exactly
/// the algorithms set, in the order set; Digest answers with an algorithm no longer offered are refused; an unsupported
/// or empty algorithm list is env:Sender/ter:InvalidArgVal and changes nothing; only WRITE_SYSTEM callers may set it.
/// </summary>
public sealed class HashingAlgorithmTests : IClassFixture<AuthenticationFixture>, IDisposable
{
    private readonly AuthenticationFixture _fixture;
    private readonly RawSoap _raw;

    public HashingAlgorithmTests(AuthenticationFixture fixture)
    {
        _fixture = fixture;
        _raw = new RawSoap(fixture.Capture);
    }

    public void Dispose() => _raw.Dispose();

    private string DeviceUrl => _fixture.BaseUrl + OnvifServicePaths.Device;

    private static string GetDeviceInformation => RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tds, "GetDeviceInformation"));

    private static string Algorithm(string list) => $"<tds:Algorithm>{list}</tds:Algorithm>";

    private async Task<IReadOnlyList<string>> ChallengesAsync()
    {
        var reply = await _raw.PostAsync(DeviceUrl, GetDeviceInformation);
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("env:Sender/ter:NotAuthorized", reply.Fault);
        return reply.Challenges;
    }

    private async Task<IReadOnlyList<string>> RtspAlgorithmsAsync()
    {
        var head = await DigestAnswer.AnonymousDescribeAsync($"rtsp://127.0.0.1:{_fixture.Host.Rtsp!.Port}/replay/none", TimeSpan.FromSeconds(30));
        Assert.StartsWith("RTSP/1.0 401", head, StringComparison.Ordinal);
        return head.Split("\r\n").Where(l => l.StartsWith("WWW-Authenticate: Digest ", StringComparison.Ordinal)).Select(l => DigestAnswer.Parameter(l, "algorithm")).ToList();
    }

    private async Task<RawReply> DigestAsync(string challenge, string algorithm) => await DigestAnswer.PostAsync(
        _fixture.Capture, DeviceUrl, GetDeviceInformation, DigestAnswer.Authorization(challenge, algorithm, OnvifCredentials.Admin, "POST", OnvifServicePaths.Device));

    [Fact]
    public async Task The_set_algorithms_are_what_HTTP_and_RTSP_challenges_offer_and_what_Digest_accepts()
    {
        await using var device = _fixture.Client(OnvifServicePaths.Device, OnvifSoapClient.Tds, OnvifCredentials.Admin);
        var capabilities = await device.CallAsync("GetServiceCapabilities");
        Assert.Equal("MD5 SHA-256", capabilities.Descendants(Wire.Tds + "Security").Single().Attribute("HashingAlgorithms")?.Value);
        Assert.Equal(["SHA-256", "MD5"], DigestAnswer.Algorithms(await ChallengesAsync())); // the configured default
        Assert.Equal(["MD5"], await RtspAlgorithmsAsync()); // RTSP clients get MD5 until an algorithm is set

        try
        {
            Assert.Equal("SetHashingAlgorithmResponse", (await device.CallAsync("SetHashingAlgorithm", Algorithm("MD5"))).Name.LocalName);
            var md5Only = await ChallengesAsync();
            Assert.Equal(["MD5"], DigestAnswer.Algorithms(md5Only));
            Assert.Equal(["MD5"], await RtspAlgorithmsAsync());
            Assert.Equal(HttpStatusCode.OK, (await DigestAsync(md5Only[0], "MD5")).Status);
            var refused = await DigestAsync(md5Only[0], "SHA-256"); // a nonce of ours, an algorithm no longer offered
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Equal("env:Sender/ter:NotAuthorized", refused.Fault);
            Assert.Equal(["MD5"], DigestAnswer.Algorithms(refused.Challenges));

            await device.CallAsync("SetHashingAlgorithm", Algorithm("SHA-256"));
            var sha256Only = await ChallengesAsync();
            Assert.Equal(["SHA-256"], DigestAnswer.Algorithms(sha256Only));
            Assert.Equal(["SHA-256"], await RtspAlgorithmsAsync());
            Assert.Equal(HttpStatusCode.OK, (await DigestAsync(sha256Only[0], "SHA-256")).Status);
            Assert.Equal(HttpStatusCode.Unauthorized, (await DigestAsync(sha256Only[0], "MD5")).Status);

            // Both, in the client's order of preference (names as RFC 7616 spells them, any case; repeats dropped).
            await device.CallAsync("SetHashingAlgorithm", Algorithm("md5 SHA-256 MD5"));
            Assert.Equal(["MD5", "SHA-256"], DigestAnswer.Algorithms(await ChallengesAsync()));
            Assert.Equal(["MD5", "SHA-256"], await RtspAlgorithmsAsync());

            // Unsupported or empty: InvalidArgVal, nothing changes.
            Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetHashingAlgorithm", Algorithm("SHA-512-256")));
            Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetHashingAlgorithm", Algorithm("SHA-256 MD5-sess")));
            Assert.Equal("Sender/InvalidArgVal", await device.FaultAsync("SetHashingAlgorithm", Algorithm(" ")));
            Assert.Equal(["MD5", "SHA-256"], DigestAnswer.Algorithms(await ChallengesAsync()));
        }
        finally
        {
            await device.CallAsync("SetHashingAlgorithm", Algorithm("SHA-256 MD5"));
        }

        Assert.Equal(["SHA-256", "MD5"], DigestAnswer.Algorithms(await ChallengesAsync()));
    }

    [Fact]
    public async Task Only_an_administrator_may_set_the_algorithms()
    {
        foreach (var credentials in new[] { AuthenticationFixture.Operator, AuthenticationFixture.Viewer })
        {
            await using var device = _fixture.Client(OnvifServicePaths.Device, OnvifSoapClient.Tds, credentials);
            Assert.Equal("Sender/NotAuthorized", await device.FaultAsync("SetHashingAlgorithm", Algorithm("MD5")));
        }

        var anonymous = await _raw.PostAsync(DeviceUrl, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tds, "SetHashingAlgorithm", "<Algorithm>MD5</Algorithm>")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal("env:Sender/ter:NotAuthorized", anonymous.Fault);
    }
}
