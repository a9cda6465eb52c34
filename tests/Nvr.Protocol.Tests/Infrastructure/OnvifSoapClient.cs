using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// A WCF client (System.ServiceModel.Http, SOAP 1.2, no addressing) for one ONVIF service. Requests are XML body
/// elements written by the test; replies come back as <see cref="XElement"/>; faults are thrown as WCF's own
/// <see cref="FaultException"/> built from the wire, whose Code/SubCode chain the tests walk. Every request carries a
/// WS-Security UsernameToken digest of <see cref="OnvifCredentials.Admin"/> (the administrator the test appliances are
/// created with) unless other credentials, or <see cref="Anonymous"/>, are given.
/// </summary>
public sealed class OnvifSoapClient : IAsyncDisposable
{
    public const string Tt = "http://www.onvif.org/ver10/schema";
    public const string Trc = "http://www.onvif.org/ver10/recording/wsdl";
    public const string Trv = "http://www.onvif.org/ver10/receiver/wsdl";
    public const string Tsc = "http://www.onvif.org/ver10/schedule/wsdl";
    public const string Tds = "http://www.onvif.org/ver10/device/wsdl";
    public const string Tev = "http://www.onvif.org/ver10/events/wsdl";
    public const string Tse = "http://www.onvif.org/ver10/search/wsdl";
    public const string Trp = "http://www.onvif.org/ver10/replay/wsdl";
    public const string Trt = "http://www.onvif.org/ver10/media/wsdl";

    private readonly ChannelFactory<IRawSoapContract> _factory;
    private readonly IRawSoapContract _channel;
    private readonly string _serviceNamespace;
    private readonly OnvifCredentials? _credentials;
    private readonly Func<DateTime>? _clock;

    /// <summary>Pass as credentials for a client that sends none.</summary>
    public static OnvifCredentials Anonymous { get; } = new(string.Empty, string.Empty);

    /// <param name="clock">The client's clock for the UsernameToken's Created (default: the system's UTC).</param>
    public OnvifSoapClient(string serviceUrl, string serviceNamespace, EnvelopeCapture capture, OnvifCredentials? credentials = null, Func<DateTime>? clock = null)
    {
        _clock = clock;
        credentials ??= OnvifCredentials.Admin;
        _credentials = ReferenceEquals(credentials, Anonymous) ? null : credentials;
        var binding = new CustomBinding(
            new TextMessageEncodingBindingElement(MessageVersion.Soap12, Encoding.UTF8),
            new HttpTransportBindingElement { MaxReceivedMessageSize = 16 * 1024 * 1024 });
        _factory = new ChannelFactory<IRawSoapContract>(binding, new EndpointAddress(serviceUrl));
        _factory.Endpoint.EndpointBehaviors.Add(new CaptureBehavior(capture));
        _channel = _factory.CreateChannel();
        _serviceNamespace = serviceNamespace;
    }

    /// <summary>Calls <paramref name="operation"/> with body children given as XML text (prefixes tt: and trc: are declared).</summary>
    public async Task<XElement> CallAsync(string operation, string innerXml = "")
    {
        var body = $"<{operation} xmlns=\"{_serviceNamespace}\" xmlns:tt=\"{Tt}\" xmlns:trc=\"{Trc}\" xmlns:trv=\"{Trv}\" xmlns:tsc=\"{Tsc}\" xmlns:tds=\"{Tds}\">{innerXml}</{operation}>";
        using var reader = XmlReader.Create(new StringReader(body));
        var request = Message.CreateMessage(MessageVersion.Soap12, _serviceNamespace + "/" + operation, reader);
        if (_credentials is not null)
        {
            request.Headers.Add(new UsernameTokenHeader(_credentials, _clock?.Invoke()));
        }

        var reply = await _channel.CallAsync(request);
        if (reply.IsFault)
        {
            var fault = MessageFault.CreateFault(reply, 64 * 1024);
            throw FaultException.CreateFault(fault);
        }

        using var bodyReader = reply.GetReaderAtBodyContents();
        bodyReader.MoveToContent();
        return (XElement)XNode.ReadFrom(bodyReader);
    }

    /// <summary>Calls and expects a fault; returns the chain "Sender/InvalidArgVal/NoRecording".</summary>
    public async Task<string> FaultAsync(string operation, string innerXml = "")
    {
        try
        {
            await CallAsync(operation, innerXml);
        }
        catch (FaultException fault)
        {
            return FaultChain(fault);
        }

        throw new Xunit.Sdk.XunitException($"{operation} succeeded, a fault was expected");
    }

    public static string FaultChain(FaultException fault)
    {
        var parts = new List<string>();
        for (var code = fault.Code; code is not null; code = code.SubCode)
        {
            parts.Add(code.Name);
        }

        return string.Join("/", parts);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            ((ICommunicationObject)_channel).Close();
            _factory.Close();
        }
        catch (CommunicationException)
        {
            _factory.Abort();
        }

        await Task.CompletedTask;
    }
}
