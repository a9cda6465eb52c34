using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Plugs <see cref="CapturingHandler"/> into the WCF HTTP transport.</summary>
public sealed class CaptureBehavior : IEndpointBehavior
{
    private readonly EnvelopeCapture _capture;

    public CaptureBehavior(EnvelopeCapture capture) => _capture = capture;

    public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters) =>
        bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(handler => new CapturingHandler(handler, _capture)));

    public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime)
    {
    }

    public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
    {
    }

    public void Validate(ServiceEndpoint endpoint)
    {
    }
}
