using System.Net;
using System.Text;
using System.Xml.Linq;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// GetAccessPolicy/SetAccessPolicy over the wire (Core "Get access policy", "Set access policy"): a fresh device
/// answers Core's default access policy in the documented file format (docs/access-policy.md), a policy set is
/// answered back byte for byte and decides what each user level (Anonymous included) may call over SOAP and RTSP, and
/// a file not in that format is env:Sender/ter:InvalidArgs/ter:PolicyFormat and changes nothing.
/// </summary>
public sealed class AccessPolicyTests : IClassFixture<AuthenticationFixture>, IDisposable
{
    private static readonly XNamespace Policy = "urn:onvif-nvr:access-policy:1";
    private static readonly XNamespace Xmime = "http://www.w3.org/2005/05/xmlmime";

    private static readonly Dictionary<string, string> CoreDefault = new()
    {
        ["PRE_AUTH"] = "Administrator Operator User Anonymous",
        ["READ_SYSTEM"] = "Administrator Operator User",
        ["READ_SYSTEM_SENSITIVE"] = "Administrator Operator",
        ["READ_SYSTEM_SECRET"] = "Administrator",
        ["WRITE_SYSTEM"] = "Administrator",
        ["UNRECOVERABLE"] = "Administrator",
        ["READ_MEDIA"] = "Administrator Operator User",
        ["ACTUATE"] = "Administrator Operator",
    };

    private readonly AuthenticationFixture _fixture;
    private readonly RawSoap _raw;

    public AccessPolicyTests(AuthenticationFixture fixture)
    {
        _fixture = fixture;
        _raw = new RawSoap(fixture.Capture);
    }

    public void Dispose() => _raw.Dispose();

    /// <summary>A policy file: Core's default with <paramref name="changes"/> (a null value leaves the class out).</summary>
    public static byte[] Document(params (string Class, string? Levels)[] changes)
    {
        var rows = new Dictionary<string, string?>(CoreDefault.Select(r => KeyValuePair.Create(r.Key, (string?)r.Value)));
        foreach (var (name, levels) in changes)
        {
            rows[name] = levels;
        }

        var root = new XElement(Policy + "AccessPolicy", rows.Where(r => r.Value is not null).Select(r => new XElement(Policy + "Class", new XAttribute("Name", r.Key), new XAttribute("Levels", r.Value!))));
        return Encoding.UTF8.GetBytes(root.ToString());
    }

    public static string PolicyFile(byte[] document) => $"<tds:PolicyFile><tt:Data>{Convert.ToBase64String(document)}</tt:Data></tds:PolicyFile>";

    private OnvifSoapClient Device(OnvifCredentials credentials) => _fixture.Client(OnvifServicePaths.Device, OnvifSoapClient.Tds, credentials);

    private static async Task<byte[]> GetAsync(OnvifSoapClient device) =>
        Convert.FromBase64String((await device.CallAsync("GetAccessPolicy")).Descendants(Wire.Tt + "Data").Single().Value);

    [Fact]
    public async Task A_fresh_device_answers_Cores_default_policy_in_the_documented_format_to_administrators_only()
    {
        await using var admin = Device(OnvifCredentials.Admin);
        var response = await admin.CallAsync("GetAccessPolicy");
        Assert.Equal("application/xml", response.Element(Wire.Tds + "PolicyFile")?.Attribute(Xmime + "contentType")?.Value);
        var text = Encoding.UTF8.GetString(Convert.FromBase64String(response.Descendants(Wire.Tt + "Data").Single().Value));
        var documented = System.IO.File.ReadAllText(Path.Combine(TestTools.RepositoryRoot, "docs", "access-policy.md")).Split("```xml\n")[1].Split("```")[0];
        Assert.Equal(documented, text); // docs/access-policy.md shows the default file as the device answers it
        var root = XDocument.Parse(text).Root!;
        Assert.Equal(Policy + "AccessPolicy", root.Name);
        Assert.Equal(CoreDefault, root.Elements(Policy + "Class").ToDictionary(c => c.Attribute("Name")!.Value, c => c.Attribute("Levels")!.Value));
        Assert.Equal("true", (await admin.CallAsync("GetServiceCapabilities")).Descendants(Wire.Tds + "Security").Single().Attribute("AccessPolicyConfig")?.Value);

        foreach (var credentials in new[] { AuthenticationFixture.Operator, AuthenticationFixture.Viewer })
        {
            await using var other = Device(credentials);
            Assert.Equal("Sender/NotAuthorized", await other.FaultAsync("GetAccessPolicy")); // READ_SYSTEM_SECRET
            Assert.Equal("Sender/NotAuthorized", await other.FaultAsync("SetAccessPolicy", PolicyFile(Document()))); // WRITE_SYSTEM
        }
    }

    [Fact]
    public async Task A_policy_set_is_answered_back_and_decides_what_each_level_may_call()
    {
        await using var admin = Device(OnvifCredentials.Admin);
        await using var viewerRecording = _fixture.Client(OnvifServicePaths.Recording, OnvifSoapClient.Trc, AuthenticationFixture.Viewer);
        await using var operatorRecording = _fixture.Client(OnvifServicePaths.Recording, OnvifSoapClient.Trc, AuthenticationFixture.Operator);
        await using var anonymousDevice = Device(OnvifSoapClient.Anonymous);
        var rtsp = $"rtsp://127.0.0.1:{_fixture.Host.Rtsp!.Port}/replay/none";
        var original = await GetAsync(admin);
        await viewerRecording.CallAsync("GetRecordings");
        Assert.Equal("Sender/NotAuthorized", await viewerRecording.FaultAsync("CreateRecording", RequestXml.RecordingConfiguration("viewer-policy")));

        // Users may actuate but no longer read media; Operators the reverse; Anonymous may read the system.
        var swapped = Document(("READ_MEDIA", "Administrator Operator"), ("ACTUATE", "Administrator User"), ("READ_SYSTEM", "Administrator Operator User Anonymous"));
        try
        {
            Assert.Equal("SetAccessPolicyResponse", (await admin.CallAsync("SetAccessPolicy", PolicyFile(swapped))).Name.LocalName);
            Assert.Equal(swapped, await GetAsync(admin));

            Assert.Equal("Sender/NotAuthorized", await viewerRecording.FaultAsync("GetRecordings"));
            var token = (await viewerRecording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration("viewer-policy"))).Text(Wire.Trc + "RecordingToken");
            await viewerRecording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", token));
            await operatorRecording.CallAsync("GetRecordings");
            Assert.Equal("Sender/NotAuthorized", await operatorRecording.FaultAsync("CreateRecording", RequestXml.RecordingConfiguration("operator-policy")));

            Assert.NotEmpty((await anonymousDevice.CallAsync("GetScopes")).Elements()); // READ_SYSTEM without credentials
            var anonymousMedia = await _raw.PostAsync(_fixture.BaseUrl + OnvifServicePaths.Recording, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Trc, "GetRecordings")));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousMedia.Status);
            Assert.Equal("env:Sender/ter:NotAuthorized", anonymousMedia.Fault);
            Assert.StartsWith("RTSP/1.0 401", await DigestAnswer.AnonymousDescribeAsync(rtsp, TimeSpan.FromSeconds(30)), StringComparison.Ordinal);

            // RTSP replay reads media: granting READ_MEDIA to Anonymous lets a DESCRIBE past authentication.
            await admin.CallAsync("SetAccessPolicy", PolicyFile(Document(("READ_MEDIA", "Administrator Anonymous"))));
            var described = await DigestAnswer.AnonymousDescribeAsync(rtsp, TimeSpan.FromSeconds(30));
            Assert.StartsWith("RTSP/1.0 ", described, StringComparison.Ordinal);
            Assert.DoesNotContain("RTSP/1.0 401", described, StringComparison.Ordinal);
            Assert.Equal("Sender/NotAuthorized", await viewerRecording.FaultAsync("GetRecordings"));
        }
        finally
        {
            await admin.CallAsync("SetAccessPolicy", PolicyFile(original));
        }

        Assert.Equal(original, await GetAsync(admin));
        await viewerRecording.CallAsync("GetRecordings");
        var anonymousScopes = await _raw.PostAsync(_fixture.BaseUrl + OnvifServicePaths.Device, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tds, "GetScopes")));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousScopes.Status);
        Assert.StartsWith("RTSP/1.0 401", await DigestAnswer.AnonymousDescribeAsync(rtsp, TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not xml at all")]
    [InlineData("<AccessPolicy xmlns=\"urn:other\"><Class Name=\"PRE_AUTH\" Levels=\"Administrator Operator User Anonymous\"/></AccessPolicy>")]
    [InlineData("<!DOCTYPE a [<!ENTITY x \"y\">]><AccessPolicy xmlns=\"urn:onvif-nvr:access-policy:1\"/>")]
    public async Task A_file_that_is_not_a_policy_document_is_PolicyFormat(string text) =>
        await AssertPolicyFormatAsync(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("ACTUATE", null)]                                          // a class left out
    [InlineData("WRITE_SYSTEM", "Operator")]                               // administrators would lose WRITE_SYSTEM
    [InlineData("PRE_AUTH", "Administrator Operator User")]                // PRE_AUTH needs no authentication
    [InlineData("READ_MEDIA", "Administrator Guest")]                      // no such level
    [InlineData("WRITE_SYSTEM_PLUS", "Administrator")]                     // no such class
    public async Task A_policy_breaking_a_rule_of_the_format_is_PolicyFormat(string name, string? levels) =>
        await AssertPolicyFormatAsync(Document((name, levels)));

    [Fact]
    public async Task A_class_named_twice_an_undecodable_file_and_a_missing_file_are_refused()
    {
        var twice = Encoding.UTF8.GetString(Document()).Replace("</AccessPolicy>", "<Class Name=\"READ_MEDIA\" Levels=\"Administrator\"/></AccessPolicy>", StringComparison.Ordinal);
        await AssertPolicyFormatAsync(Encoding.UTF8.GetBytes(twice));
        await using var admin = Device(OnvifCredentials.Admin);
        var before = await GetAsync(admin);
        Assert.Equal("Sender/InvalidArgs/PolicyFormat", await admin.FaultAsync("SetAccessPolicy", "<tds:PolicyFile><tt:Data>***</tt:Data></tds:PolicyFile>"));
        Assert.Equal("Sender/InvalidArgs", await admin.FaultAsync("SetAccessPolicy"));
        Assert.Equal(before, await GetAsync(admin));
    }

    private async Task AssertPolicyFormatAsync(byte[] document)
    {
        await using var admin = Device(OnvifCredentials.Admin);
        var before = await GetAsync(admin);
        Assert.Equal("Sender/InvalidArgs/PolicyFormat", await admin.FaultAsync("SetAccessPolicy", PolicyFile(document)));
        Assert.Equal(before, await GetAsync(admin));
    }
}
