using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Nvr.Load.Harness;

/// <summary>
/// The harness's SOAP 1.2 client (plain HttpClient, bodies written from recording.wsdl / receiver.wsdl like a
/// client following Example 1). Every call goes through <see cref="CallAsync"/>, so credentials are one place: with
/// a user and password it sends a WS-Security UsernameToken (PasswordDigest) header.
/// </summary>
public sealed class LoadSoapClient : IDisposable
{
    public const string Tt = "http://www.onvif.org/ver10/schema";
    public const string Trc = "http://www.onvif.org/ver10/recording/wsdl";
    public const string Trv = "http://www.onvif.org/ver10/receiver/wsdl";
    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly string _baseUrl;
    private readonly string? _user;
    private readonly string? _password;

    public LoadSoapClient(string baseUrl, string? user, string? password)
    {
        _baseUrl = baseUrl.TrimEnd('/');
        _user = user;
        _password = password;
    }

    public string RecordingService => _baseUrl + "/onvif/recording_service";

    public string ReceiverService => _baseUrl + "/onvif/receiver_service";

    /// <summary>Calls <paramref name="operation"/> of the service at <paramref name="url"/>; returns the response element or throws with the fault.</summary>
    public async Task<XElement> CallAsync(string url, string ns, string operation, string innerXml, CancellationToken cancellationToken = default)
    {
        var envelope = $"<s:Envelope xmlns:s=\"{Soap.NamespaceName}\">{Header()}<s:Body><{operation} xmlns=\"{ns}\" xmlns:tt=\"{Tt}\" xmlns:trc=\"{Trc}\" xmlns:trv=\"{Trv}\">{innerXml}</{operation}></s:Body></s:Envelope>";
        using var content = new StringContent(envelope, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/soap+xml; charset=utf-8; action=\"{ns}/{operation}\"");
        using var response = await _http.PostAsync(url, content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var body = XDocument.Parse(text).Root!.Element(Soap + "Body")!.Elements().First();
        if (body.Name == Soap + "Fault")
        {
            throw new InvalidOperationException($"{operation} fault: {string.Join('/', body.Descendants(Soap + "Value").Select(v => v.Value))} {body.Descendants(Soap + "Text").FirstOrDefault()?.Value}");
        }

        return body;
    }

    public Task<XElement> RecordingAsync(string operation, string innerXml, CancellationToken cancellationToken = default) =>
        CallAsync(RecordingService, Trc, operation, innerXml, cancellationToken);

    public Task<XElement> ReceiverAsync(string operation, string innerXml, CancellationToken cancellationToken = default) =>
        CallAsync(ReceiverService, Trv, operation, innerXml, cancellationToken);

    public void Dispose() => _http.Dispose();

    private string Header()
    {
        if (_user is null || _password is null)
        {
            return string.Empty;
        }

        var nonce = RandomNumberGenerator.GetBytes(16);
        var created = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var digest = SHA1.HashData([.. nonce, .. Encoding.UTF8.GetBytes(created + _password)]);
        const string wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
        const string wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
        return $"<s:Header><wsse:Security xmlns:wsse=\"{wsse}\" xmlns:wsu=\"{wsu}\"><wsse:UsernameToken><wsse:Username>{System.Security.SecurityElement.Escape(_user)}</wsse:Username>" +
               $"<wsse:Password Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest\">{Convert.ToBase64String(digest)}</wsse:Password>" +
               $"<wsse:Nonce EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary\">{Convert.ToBase64String(nonce)}</wsse:Nonce>" +
               $"<wsu:Created>{created}</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header>";
    }
}
