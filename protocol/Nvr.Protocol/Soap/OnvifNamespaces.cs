namespace Nvr.Protocol.Soap;

/// <summary>The XML namespaces of the ONVIF services this device implements (seed Table 1).</summary>
public static class OnvifNamespaces
{
    public const string Envelope = "http://www.w3.org/2003/05/soap-envelope";
    public const string Error = "http://www.onvif.org/ver10/error";
    public const string Schema = "http://www.onvif.org/ver10/schema";
    public const string Recording = "http://www.onvif.org/ver10/recording/wsdl";
    public const string Receiver = "http://www.onvif.org/ver10/receiver/wsdl";
    public const string Schedule = "http://www.onvif.org/ver10/schedule/wsdl";
    public const string Device = "http://www.onvif.org/ver10/device/wsdl";
    public const string Replay = "http://www.onvif.org/ver10/replay/wsdl";
    public const string Pacs = "http://www.onvif.org/ver10/pacs";
    public const string Search = "http://www.onvif.org/ver10/search/wsdl";
    public const string Media = "http://www.onvif.org/ver10/media/wsdl";
}
