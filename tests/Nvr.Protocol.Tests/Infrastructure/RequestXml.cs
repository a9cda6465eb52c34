namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>Request bodies written by hand from recording.wsdl / onvif.xsd (tt: and trc: prefixes are declared by the client).</summary>
public static class RequestXml
{
    public static string RecordingConfiguration(string name = "camera", string retention = "PT1H", string target = "") =>
        "<trc:RecordingConfiguration>" + ConfigurationBody(name, retention, target) + "</trc:RecordingConfiguration>";

    public static string ConfigurationBody(string name, string retention = "PT1H", string target = "") =>
        $"<tt:Source><tt:SourceId>urn:uuid:{name}</tt:SourceId><tt:Name>{name}</tt:Name><tt:Location>Hall</tt:Location>" +
        "<tt:Description>front door</tt:Description><tt:Address>http://127.0.0.1/onvif/device_service</tt:Address></tt:Source>" +
        $"<tt:Content>recorded by tests</tt:Content><tt:MaximumRetentionTime>{retention}</tt:MaximumRetentionTime>{target}";

    /// <summary>A tt:Target on <paramref name="storage"/> with the Annex B example's Prefix site-2; the Postfix must differ per recording.</summary>
    public static string Target(string format = "MP4", string segment = "PT60S", string encryption = "", string storage = "1", string postfix = "camera-5") =>
        $"<tt:Target><tt:Storage>{storage}</tt:Storage><tt:Format>{format}</tt:Format><tt:Prefix>site-2</tt:Prefix><tt:Postfix>{postfix}</tt:Postfix>" +
        $"<tt:SpanDuration>PT1H</tt:SpanDuration><tt:SegmentDuration>{segment}</tt:SegmentDuration>{encryption}</tt:Target>";

    public static string Encryption(string mode, string kid, string? key, params string[] tracks) =>
        $"<tt:Encryption Mode=\"{mode}\"><tt:KID>{kid}</tt:KID>" + (key is null ? string.Empty : $"<tt:Key>{key}</tt:Key>") +
        string.Concat(tracks.Select(t => $"<tt:Track>{t}</tt:Track>")) + "</tt:Encryption>";

    public static string Track(string type, string description = "") =>
        $"<trc:TrackConfiguration><tt:TrackType>{type}</tt:TrackType><tt:Description>{description}</tt:Description></trc:TrackConfiguration>";

    public static string JobBody(string recording, string mode = "Idle", int priority = 1, string sources = "", string scheduleAttribute = "") =>
        $"<tt:RecordingToken>{recording}</tt:RecordingToken><tt:Mode>{mode}</tt:Mode><tt:Priority>{priority}</tt:Priority>" +
        (sources.Length == 0 ? AutoSource() : sources);

    public static string Job(string recording, string mode = "Idle", int priority = 1, string sources = "") =>
        $"<trc:JobConfiguration>{JobBody(recording, mode, priority, sources)}</trc:JobConfiguration>";

    public static string AutoSource(params (string Tag, string Destination)[] tracks) =>
        "<tt:Source><tt:AutoCreateReceiver>true</tt:AutoCreateReceiver>" +
        string.Concat(tracks.Select(t => $"<tt:Tracks><tt:SourceTag>{t.Tag}</tt:SourceTag><tt:Destination>{t.Destination}</tt:Destination></tt:Tracks>")) +
        "</tt:Source>";

    public static string Token(string element, string value) => $"<trc:{element}>{value}</trc:{element}>";

    /// <summary>A trv:Configuration of a receiver pulling <paramref name="uri"/> (receiver.wsdl CreateReceiver/ConfigureReceiver).</summary>
    public static string ReceiverConfiguration(string mode, string uri, string protocol = "RTSP") =>
        $"<trv:Configuration><tt:Mode>{mode}</tt:Mode><tt:MediaUri>{uri}</tt:MediaUri>" +
        $"<tt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>{protocol}</tt:Protocol></tt:Transport></tt:StreamSetup></trv:Configuration>";

    /// <summary>A job Source pulling receiver <paramref name="receiver"/> into the given (SourceTag, Destination) tracks.</summary>
    public static string ReceiverSource(string receiver, params (string Tag, string Destination)[] tracks) =>
        $"<tt:Source><tt:SourceToken><tt:Token>{receiver}</tt:Token></tt:SourceToken>" +
        string.Concat(tracks.Select(t => $"<tt:Tracks><tt:SourceTag>{t.Tag}</tt:SourceTag><tt:Destination>{t.Destination}</tt:Destination></tt:Tracks>")) +
        "</tt:Source>";
}
