using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Nvr.Appliance;
using Nvr.Protocol.Hosting;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The optional TLS listener: a self-signed certificate made here, given as a .pfx file on the command line; a client
/// that trusts exactly that certificate calls the device service over https on 127.0.0.1.
/// </summary>
public sealed class HttpsListenerTests : IAsyncLifetime
{
    private static readonly XNamespace Tds = "http://www.onvif.org/ver10/device/wsdl";
    private static readonly XNamespace Tt = "http://www.onvif.org/ver10/schema";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"nvr-https-{Guid.NewGuid():N}");
    private X509Certificate2 _certificate = null!;
    private ApplianceHost? _host;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var selfSigned = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(_dataDirectory, "server.pfx");
        await File.WriteAllBytesAsync(pfx, selfSigned.Export(X509ContentType.Pfx));
        _certificate = X509CertificateLoader.LoadCertificate(selfSigned.RawData);

        var parsed = ApplianceCommandLine.Parse(["--data-dir", _dataDirectory, "--https-certificate", pfx, "--https-urls", "https://127.0.0.1:0", "--discovery-port", "off", "--rtsp-port", "0"]);
        Assert.Null(parsed.DiscoveryPort);
        _host = await ApplianceHost.StartAsync(
            parsed with { Urls = ["http://127.0.0.1:0"], RecordingEngine = false, Storages = new Dictionary<string, string>() },
            logging => logging.AddFilter(_ => false));
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _certificate.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task GetSystemDateAndTime_and_GetCapabilities_answer_over_https_with_the_configured_certificate()
    {
        var url = _host!.DeviceServiceUrls.Single(u => u.StartsWith("https://", StringComparison.Ordinal));
        X509Certificate2? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
                return certificate?.Thumbprint == _certificate.Thumbprint;
            },
        };
        using var client = new HttpClient(handler);

        var clock = await CallAsync(client, url, "GetSystemDateAndTime");
        Assert.Single(clock.Descendants(Tt + "UTCDateTime"));
        Assert.Equal(_certificate.Thumbprint, presented?.Thumbprint);

        var capabilities = await CallAsync(client, url, "GetCapabilities");
        Assert.StartsWith("https://127.0.0.1:", capabilities.Descendants(Tt + "XAddr").First().Value, StringComparison.Ordinal);
        Assert.Equal("true", capabilities.Descendants(Tt + "TLS1.2").Single().Value);
        presented?.Dispose();
    }

    private static async Task<XElement> CallAsync(HttpClient client, string url, string operation)
    {
        var envelope = $"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><{operation} xmlns=\"{Tds.NamespaceName}\"/></s:Body></s:Envelope>";
        using var content = new StringContent(envelope, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"application/soap+xml; charset=utf-8; action=\"{Tds.NamespaceName}/{operation}\"");
        using var response = await client.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return XElement.Parse(text);
    }
}
