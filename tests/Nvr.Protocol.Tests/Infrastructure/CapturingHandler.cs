namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Keeps the raw bytes of every SOAP response the WCF client receives, for schema validation.</summary>
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
        return response;
    }
}
