using System.Security.Cryptography;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>A user name and password a test client signs in with.</summary>
public sealed record OnvifCredentials(string Username, string Password)
{
    /// <summary>The administrator every test appliance is created with (ApplianceFixture, KillRecoveryTests).</summary>
    public static OnvifCredentials Admin { get; } = new("admin", "test-admin-Pa55");
}

/// <summary>
/// The wsse:Security header (mustUnderstand="1") with a UsernameToken PasswordDigest: Base64(SHA1(nonce + created +
/// password)), a fresh 16-byte nonce and Created as UTC with milliseconds, as ONVIF clients send it.
/// </summary>
public sealed class UsernameTokenHeader : MessageHeader
{
    public const string Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string DigestType = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    private readonly string _username;
    private readonly byte[] _nonce;
    private readonly string _created;
    private readonly string _digest;

    public UsernameTokenHeader(OnvifCredentials credentials, DateTime? created = null, byte[]? nonce = null)
    {
        _username = credentials.Username;
        _nonce = nonce ?? RandomNumberGenerator.GetBytes(16);
        _created = (created ?? DateTime.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        _digest = Digest(_nonce, _created, credentials.Password);
    }

    public override string Name => "Security";

    public override string Namespace => Wsse;

    public override bool MustUnderstand => true;

    public static string Digest(byte[] nonce, string created, string password) =>
        Convert.ToBase64String(SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created), .. Encoding.UTF8.GetBytes(password)]));

    /// <summary>The same header as raw XML (for tests that post envelopes themselves).</summary>
    public static string Xml(OnvifCredentials credentials, string created, byte[] nonce, string? digestPassword = null) =>
        $"<wsse:Security s:mustUnderstand=\"1\" xmlns:wsse=\"{Wsse}\" xmlns:wsu=\"{Wsu}\"><wsse:UsernameToken><wsse:Username>{credentials.Username}</wsse:Username>" +
        $"<wsse:Password Type=\"{DigestType}\">{Digest(nonce, created, digestPassword ?? credentials.Password)}</wsse:Password>" +
        $"<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">{Convert.ToBase64String(nonce)}</wsse:Nonce>" +
        $"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security>";

    /// <summary>A fresh header (new nonce, Created now) as raw XML; the envelope must declare the prefix s: for SOAP 1.2.</summary>
    public static string FreshXml(OnvifCredentials? credentials = null) =>
        Xml(credentials ?? OnvifCredentials.Admin, DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), RandomNumberGenerator.GetBytes(16));

    protected override void OnWriteHeaderContents(XmlDictionaryWriter writer, MessageVersion messageVersion)
    {
        writer.WriteStartElement("wsse", "UsernameToken", Wsse);
        writer.WriteElementString("wsse", "Username", Wsse, _username);
        writer.WriteStartElement("wsse", "Password", Wsse);
        writer.WriteAttributeString("Type", DigestType);
        writer.WriteString(_digest);
        writer.WriteEndElement();
        writer.WriteStartElement("wsse", "Nonce", Wsse);
        writer.WriteAttributeString("EncodingType", "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary");
        writer.WriteString(Convert.ToBase64String(_nonce));
        writer.WriteEndElement();
        writer.WriteElementString("wsu", "Created", Wsu, _created);
        writer.WriteEndElement();
    }
}
