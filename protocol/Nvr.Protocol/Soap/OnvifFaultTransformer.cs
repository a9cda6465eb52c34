using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Xml;
using Microsoft.Extensions.Logging;
using SoapCore.Extensibility;

namespace Nvr.Protocol.Soap;

/// <summary>
/// Turns every exception leaving a SoapCore operation into an ONVIF fault: <see cref="OnvifFaultException"/> as it is,
/// request-reading failures as env:Sender/ter:InvalidArgs, a control plane that did not answer in time as
/// <see cref="OnvifFaults.ControlPlaneTimeout"/>, anything else as env:Receiver/ter:Action with a
/// plain reason (logged here, never a stack trace on the wire).
/// </summary>
public sealed class OnvifFaultTransformer : IFaultExceptionTransformer
{
    private readonly ILogger<OnvifFaultTransformer> _logger;
    private readonly Nvr.Control.ControlPlane? _control;

    public OnvifFaultTransformer(ILogger<OnvifFaultTransformer> logger, Nvr.Control.ControlPlane? control = null)
    {
        _logger = logger;
        _control = control;
    }

    public Message ProvideFault(Exception exception, MessageVersion messageVersion, Message requestMessage, SoapCore.ConcurrentXmlNamespaceLookup xmlNamespaceManager)
    {
        var fault = Classify(exception);
        return Message.CreateMessage(messageVersion, null, new OnvifFaultBodyWriter(fault));
    }

    public OnvifFaultException Classify(Exception exception)
    {
        var root = exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : exception;
        switch (root)
        {
            case OnvifFaultException fault:
                return fault;
            case Akka.Actor.AskTimeoutException:
                var timeout = _control?.CommandTimeout ?? Nvr.Control.ControlPlane.AskTimeout;
                _logger.LogWarning("the control plane did not answer within {Timeout}", timeout);
                return OnvifFaults.ControlPlaneTimeout(timeout);
            case InvalidOperationException or XmlException or FormatException or CommunicationException or ArgumentException:
                _logger.LogInformation("unreadable SOAP request: {Message}", root.Message);
                return OnvifFaults.InvalidArgs("the request arguments cannot be read: " + Describe(root));
            default:
                _logger.LogError(root, "operation failed");
                return OnvifFaults.Internal("the device could not complete the operation");
        }
    }

    private static string Describe(Exception exception)
    {
        var messages = new List<string>();
        for (var e = exception; e is not null && messages.Count < 3; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        return string.Join(" ", messages);
    }
}
