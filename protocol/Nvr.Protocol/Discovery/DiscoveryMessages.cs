using System.Xml;
using System.Xml.Linq;

namespace Nvr.Protocol.Discovery;

/// <summary>
/// WS-Discovery (2005/04, as ONVIF Core uses it) messages over SOAP 1.2 and WS-Addressing 2004/08: parsing a Probe,
/// and a Resolve, writing ProbeMatches, ResolveMatches, Hello and Bye. The device's type is tds:Device (Core "Hello / Types").
/// </summary>
public static class DiscoveryMessages
{
    public const string DiscoveryNamespace = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    public const string AddressingNamespace = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public const string Rfc3986 = DiscoveryNamespace + "/rfc3986";
    public const string Strcmp0 = DiscoveryNamespace + "/strcmp0";
    public const string MulticastTo = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";
    public const string Anonymous = AddressingNamespace + "/role/anonymous";

    /// <summary>Largest datagram read (SOAP-over-UDP messages are small; anything larger is dropped).</summary>
    public const int MaxMessageBytes = 32 * 1024;

    public static readonly XNamespace D = DiscoveryNamespace;
    public static readonly XNamespace A = AddressingNamespace;
    public static readonly XNamespace S = Soap.OnvifNamespaces.Envelope;
    public static readonly XName DeviceType = XName.Get("Device", Soap.OnvifNamespaces.Device);

    /// <summary>A request the device answers: a Probe or a Resolve.</summary>
    public abstract record Request(string MessageId);

    /// <summary>A parsed Probe: its MessageID, the QName types and scope URIs it asks for, and the matching rule.</summary>
    public sealed record Probe(string MessageId, IReadOnlyList<XName> Types, IReadOnlyList<string> Scopes, string MatchBy) : Request(MessageId);

    /// <summary>A parsed Resolve: its MessageID and the endpoint reference address it asks about.</summary>
    public sealed record Resolve(string MessageId, string Address) : Request(MessageId);

    /// <summary>The Probe in <paramref name="datagram"/>, or null when it is not a well-formed WS-Discovery Probe.</summary>
    public static Probe? ParseProbe(ReadOnlySpan<byte> datagram) => Parse(datagram) as Probe;

    /// <summary>The Probe or Resolve in <paramref name="datagram"/>, or null when it is neither (or not well-formed).</summary>
    public static Request? Parse(ReadOnlySpan<byte> datagram)
    {
        XElement envelope;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxMessageBytes };
            using var reader = XmlReader.Create(new MemoryStream(datagram.ToArray()), settings);
            envelope = XElement.Load(reader);
        }
        catch (Exception e) when (e is XmlException or ArgumentException) // ArgumentException: System.Xml on some broken encodings
        {
            return null;
        }

        var body = envelope.Name == S + "Envelope" ? envelope.Element(S + "Body") : null;
        var messageId = envelope.Element(S + "Header")?.Element(A + "MessageID")?.Value.Trim();
        if (body is null || string.IsNullOrEmpty(messageId))
        {
            return null;
        }

        if (body.Element(D + "Resolve") is { } resolve)
        {
            var address = resolve.Element(A + "EndpointReference")?.Element(A + "Address")?.Value.Trim();
            return string.IsNullOrEmpty(address) ? null : new Resolve(messageId, address);
        }

        var probe = body.Element(D + "Probe");
        if (probe is null)
        {
            return null;
        }

        var typesElement = probe.Element(D + "Types");
        var types = new List<XName>();
        foreach (var qname in (typesElement?.Value ?? string.Empty).Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = qname.IndexOf(':', StringComparison.Ordinal);
            var ns = colon < 0 ? typesElement!.GetDefaultNamespace() : typesElement!.GetNamespaceOfPrefix(qname[..colon]);
            if (ns is null)
            {
                return null;
            }

            types.Add(ns + qname[(colon + 1)..]);
        }

        var scopesElement = probe.Element(D + "Scopes");
        var scopes = (scopesElement?.Value ?? string.Empty).Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return new Probe(messageId, types, scopes, scopesElement?.Attribute("MatchBy")?.Value.Trim() is { Length: > 0 } rule ? rule : Rfc3986);
    }

    /// <summary>WS-Discovery matching: every probed type is one of the device's, every probed scope matches one of its scopes.</summary>
    public static bool Matches(Probe probe, IReadOnlyCollection<string> scopes) =>
        probe.Types.All(t => t == DeviceType) && probe.Scopes.All(p => scopes.Any(s => ScopeMatches(probe.MatchBy, p, s)));

    /// <summary>
    /// One probed scope against one device scope: rfc3986 (scheme and authority case-insensitive, the probe's path
    /// segments a prefix of the device's, compared segment by segment) or strcmp0 (ordinal equality). Other rules
    /// (uuid, ldap) match nothing.
    /// </summary>
    public static bool ScopeMatches(string matchBy, string probed, string scope)
    {
        if (matchBy == Strcmp0)
        {
            return string.Equals(probed, scope, StringComparison.Ordinal);
        }

        if (matchBy != Rfc3986 || !Uri.TryCreate(probed, UriKind.Absolute, out var p) || !Uri.TryCreate(scope, UriKind.Absolute, out var s))
        {
            return false;
        }

        if (!string.Equals(p.Scheme, s.Scheme, StringComparison.OrdinalIgnoreCase) || !string.Equals(p.Authority, s.Authority, StringComparison.OrdinalIgnoreCase)
            || p.Query.Length > 0 || p.Fragment.Length > 0)
        {
            return false;
        }

        var probedSegments = Segments(p);
        var scopeSegments = Segments(s);
        return probedSegments.Length <= scopeSegments.Length && probedSegments.Select((segment, i) => segment == scopeSegments[i]).All(x => x);
    }

    public static XElement ProbeMatches(string relatesTo, long appSequenceInstance, long messageNumber, DeviceDescription device) => Envelope(
        DiscoveryNamespace + "/ProbeMatches", Anonymous, relatesTo, appSequenceInstance, messageNumber,
        new XElement(D + "ProbeMatches", new XElement(D + "ProbeMatch", device.Content())));

    public static XElement ResolveMatches(string relatesTo, long appSequenceInstance, long messageNumber, DeviceDescription device) => Envelope(
        DiscoveryNamespace + "/ResolveMatches", Anonymous, relatesTo, appSequenceInstance, messageNumber,
        new XElement(D + "ResolveMatches", new XElement(D + "ResolveMatch", device.Content())));

    /// <summary>The matching rules this device implements (Core: at least rfc3986), in the order a fault lists them.</summary>
    public static readonly IReadOnlyList<string> SupportedMatchingRules = [Rfc3986, Strcmp0];

    /// <summary>Whether <paramref name="matchBy"/> is one of <see cref="SupportedMatchingRules"/>.</summary>
    public static bool IsSupportedMatchingRule(string matchBy) => matchBy is Rfc3986 or Strcmp0;

    /// <summary>
    /// The SOAP 1.2 fault Core ("SOAP Fault Messages") sends for a unicast Probe whose matching rule is not supported:
    /// action discovery/fault, Code Sender, Subcode d:MatchingRuleNotSupported, Detail d:SupportedMatchingRules.
    /// </summary>
    public static XElement MatchingRuleNotSupported(string relatesTo, long appSequenceInstance, long messageNumber, string matchBy) => Envelope(
        DiscoveryNamespace + "/fault", Anonymous, relatesTo, appSequenceInstance, messageNumber,
        new XElement(
            S + "Fault",
            new XElement(S + "Code", new XElement(S + "Value", "s:Sender"), new XElement(S + "Subcode", new XElement(S + "Value", "d:MatchingRuleNotSupported"))),
            new XElement(S + "Reason", new XElement(S + "Text", new XAttribute(XNamespace.Xml + "lang", "en"), $"the matching rule {Truncate(matchBy)} is not supported")),
            new XElement(S + "Detail", new XElement(D + "SupportedMatchingRules", string.Join(' ', SupportedMatchingRules)))));

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    public static XElement Hello(long appSequenceInstance, long messageNumber, DeviceDescription device) => Envelope(
        DiscoveryNamespace + "/Hello", MulticastTo, null, appSequenceInstance, messageNumber, new XElement(D + "Hello", device.Content()));

    public static XElement Bye(long appSequenceInstance, long messageNumber, DeviceDescription device) => Envelope(
        DiscoveryNamespace + "/Bye", MulticastTo, null, appSequenceInstance, messageNumber, new XElement(D + "Bye", device.Reference()));

    private static string[] Segments(Uri uri) => Uri.UnescapeDataString(uri.AbsolutePath).Split('/', StringSplitOptions.RemoveEmptyEntries);

    private static XElement Envelope(string action, string to, string? relatesTo, long instance, long messageNumber, XElement body) => new(
        S + "Envelope",
        new XAttribute(XNamespace.Xmlns + "s", S.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "a", A.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "d", D.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "tds", DeviceType.NamespaceName),
        new XElement(
            S + "Header",
            new XElement(A + "MessageID", $"urn:uuid:{Guid.NewGuid():D}"),
            relatesTo is null ? null : new XElement(A + "RelatesTo", relatesTo),
            new XElement(A + "To", to),
            new XElement(A + "Action", action),
            new XElement(D + "AppSequence", new XAttribute("InstanceId", instance), new XAttribute("MessageNumber", messageNumber))),
        new XElement(S + "Body", body));
}

/// <summary>What a ProbeMatch or Hello says about the device: endpoint reference, scopes, XAddrs, metadata version.</summary>
public sealed record DeviceDescription(string EndpointReference, IReadOnlyList<string> Scopes, IReadOnlyList<string> XAddrs, long MetadataVersion)
{
    public XElement Reference() =>
        new(DiscoveryMessages.A + "EndpointReference", new XElement(DiscoveryMessages.A + "Address", EndpointReference));

    public IEnumerable<XElement> Content() =>
    [
        Reference(),
        new XElement(DiscoveryMessages.D + "Types", "tds:Device"),
        new XElement(DiscoveryMessages.D + "Scopes", string.Join(' ', Scopes)),
        new XElement(DiscoveryMessages.D + "XAddrs", string.Join(' ', XAddrs)),
        new XElement(DiscoveryMessages.D + "MetadataVersion", MetadataVersion),
    ];
}
