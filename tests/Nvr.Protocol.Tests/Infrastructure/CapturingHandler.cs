namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// Keeps the raw bytes of every SOAP response the WCF client receives, for schema validation. WCF reads a SOAP fault
/// only from an HTTP 500 reply, while ONVIF answers ter:NotAuthorized with 400 or 401 (Core's fault table, RFC 7616):
/// such a reply that carries a SOAP body is handed to WCF as 500 so the tests can walk its fault codes (the raw-HTTP
/// tests assert the real status codes).
/// </summary>
public sealed class CapturingHandler : DelegatingHandler
{
    private readonly EnvelopeCapture _capture;

    public CapturingHandler(HttpMessageHandler inner, EnvelopeCapture capture)
        : base(inner) => _capture = capture;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        _capture.Add(bytes);
        var copy = new ByteArrayContent(bytes);
        foreach (var header in response.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = copy;
        if (response.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Unauthorized
            && response.Content.Headers.ContentType?.MediaType == "application/soap+xml")
        {
            response.StatusCode = System.Net.HttpStatusCode.InternalServerError;
        }

        return response;
    }
}
