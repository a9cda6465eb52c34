using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Nvr.Control;
using Nvr.Protocol.Hosting;

namespace Nvr.Protocol.Soap;

/// <summary>
/// Answers a request to an ONVIF service whose control-plane command timed out outside SoapCore (the authentication
/// middleware reading the users, the hand-written device and event services) with the SOAP 1.2 fault
/// <see cref="OnvifFaults.ControlPlaneTimeout"/> and HTTP 500 (SOAP 1.2 HTTP binding for env:Receiver), instead of the
/// framework's bare HTTP 500. SoapCore's own operations get the same fault from <see cref="OnvifFaultTransformer"/>.
/// </summary>
public sealed class ControlPlaneTimeoutMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IReadOnlyList<OnvifServiceDescriptor> _services;
    private readonly ControlPlane _control;
    private readonly ILogger<ControlPlaneTimeoutMiddleware> _logger;

    public ControlPlaneTimeoutMiddleware(RequestDelegate next, IReadOnlyList<OnvifServiceDescriptor> services, ControlPlane control, ILogger<ControlPlaneTimeoutMiddleware> logger)
    {
        _next = next;
        _services = services;
        _control = control;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!_services.Any(s => path.StartsWith(s.Path, StringComparison.OrdinalIgnoreCase)))
        {
            await _next(context);
            return;
        }

        try
        {
            await _next(context);
        }
        catch (Akka.Actor.AskTimeoutException) when (!context.Response.HasStarted)
        {
            _logger.LogWarning("{Path}: the control plane did not answer within {Timeout}", path, _control.CommandTimeout);
            context.Response.Clear();
            await SoapGuardMiddleware.WriteFaultAsync(context, OnvifFaults.ControlPlaneTimeout(_control.CommandTimeout));
        }
    }
}
