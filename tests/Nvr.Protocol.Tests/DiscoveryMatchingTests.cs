using Nvr.Protocol.Discovery;

namespace Nvr.Protocol.Tests;

/// <summary>WS-Discovery scope matching (rfc3986 as ONVIF Core states it, strcmp0) and Probe parsing, in process.</summary>
[Trait("Category", "Unit")]
public sealed class DiscoveryMatchingTests
{
    [Theory]
    [InlineData("onvif://www.onvif.org", "onvif://www.onvif.org/Profile/G", true)]
    [InlineData("onvif://www.onvif.org/Profile", "onvif://www.onvif.org/Profile/G", true)]
    [InlineData("ONVIF://WWW.ONVIF.ORG/Profile/G", "onvif://www.onvif.org/Profile/G", true)]
    [InlineData("onvif://www.onvif.org/Profile/G/", "onvif://www.onvif.org/Profile/G", true)]
    [InlineData("onvif://www.onvif.org/profile/G", "onvif://www.onvif.org/Profile/G", false)]
    [InlineData("onvif://www.onvif.org/Prof", "onvif://www.onvif.org/Profile/G", false)]
    [InlineData("onvif://www.onvif.org/Profile/G/x", "onvif://www.onvif.org/Profile/G", false)]
    [InlineData("http://www.onvif.org/Profile/G", "onvif://www.onvif.org/Profile/G", false)]
    [InlineData("onvif://example.org/Profile/G", "onvif://www.onvif.org/Profile/G", false)]
    [InlineData("not a uri", "onvif://www.onvif.org/Profile/G", false)]
    public void Rfc3986_matches_by_scheme_authority_and_whole_path_segments(string probed, string scope, bool matches) =>
        Assert.Equal(matches, DiscoveryMessages.ScopeMatches(DiscoveryMessages.Rfc3986, probed, scope));

    [Fact]
    public void Strcmp0_is_exact_and_unknown_rules_match_nothing()
    {
        Assert.True(DiscoveryMessages.ScopeMatches(DiscoveryMessages.Strcmp0, "onvif://www.onvif.org/Profile/G", "onvif://www.onvif.org/Profile/G"));
        Assert.False(DiscoveryMessages.ScopeMatches(DiscoveryMessages.Strcmp0, "onvif://www.onvif.org/Profile", "onvif://www.onvif.org/Profile/G"));
        Assert.False(DiscoveryMessages.ScopeMatches(DiscoveryMessages.DiscoveryNamespace + "/ldap", "onvif://www.onvif.org", "onvif://www.onvif.org/Profile/G"));
    }

    [Fact]
    public void A_probe_resolves_type_prefixes_in_its_own_context_and_defaults_to_rfc3986()
    {
        var probe = DiscoveryMessages.ParseProbe(System.Text.Encoding.UTF8.GetBytes(
            "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:w=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\">" +
            "<e:Header><w:MessageID>uuid:1</w:MessageID></e:Header><e:Body><p:Probe xmlns:p=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\">" +
            "<p:Types xmlns:dev=\"http://www.onvif.org/ver10/device/wsdl\">dev:Device</p:Types><p:Scopes>onvif://www.onvif.org/type</p:Scopes></p:Probe></e:Body></e:Envelope>"));
        Assert.NotNull(probe);
        Assert.Equal([DiscoveryMessages.DeviceType], probe.Types);
        Assert.Equal(DiscoveryMessages.Rfc3986, probe.MatchBy);
        Assert.True(DiscoveryMessages.Matches(probe, ["onvif://www.onvif.org/type/video_storage"]));
        Assert.Null(DiscoveryMessages.ParseProbe("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>"u8));
        Assert.Null(DiscoveryMessages.ParseProbe("<unclosed>"u8));
    }
}
