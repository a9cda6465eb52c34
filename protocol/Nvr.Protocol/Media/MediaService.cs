using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Nvr.Control;
using Nvr.Control.Recordings.Messages;
using Nvr.Pipeline.RtspServer;
using Nvr.Protocol.Soap;
using Nvr.Recording.Live;

namespace Nvr.Protocol.Media;

/// <summary>
/// The ONVIF Media service (ver10, media.wsdl) on /onvif/media_service, written over XElement: one fixed profile per
/// receiver whose live stream is known (<see cref="MediaProfile"/>), its video source and configurations, and
/// GetStreamUri naming the appliance's RTSP relay (<c>rtsp://HOST:PORT/live/&lt;ReceiverToken&gt;</c>). The profiles
/// mirror the cameras (video, and audio when the camera sends AAC or G.711): every operation that would edit them (or
/// needs what the relay does not have: snapshots, audio outputs, OSD, multicast, …) answers
/// env:Receiver/ter:ActionNotSupported.
/// </summary>
public sealed class MediaService
{
    public const string Version = "21.06";
    public static readonly XNamespace Trt = OnvifNamespaces.Media;
    private static readonly XNamespace Tt = OnvifNamespaces.Schema;

    private readonly ControlPlane _control;
    private readonly LiveRelay _relay;
    private readonly RtspServer _server;

    public MediaService(ControlPlane control, LiveRelay relay, RtspServer server)
    {
        _control = control;
        _relay = relay;
        _server = server;
    }

    /// <summary>trt:Capabilities (GetServiceCapabilities and the device's GetServices).</summary>
    public static XElement CapabilitiesOf(ControlPlane control) => new(
        Trt + "Capabilities",
        new XAttribute("SnapshotUri", false), new XAttribute("Rotation", false), new XAttribute("VideoSourceMode", false),
        new XAttribute("OSD", false), new XAttribute("TemporaryOSDText", false), new XAttribute("EXICompression", false),
        new XElement(Trt + "ProfileCapabilities", new XAttribute("MaximumNumberOfProfiles", control.Limits.MaxReceivers)),
        new XElement(
            Trt + "StreamingCapabilities",
            new XAttribute("RTPMulticast", false), new XAttribute("RTP_TCP", false), new XAttribute("RTP_RTSP_TCP", true),
            new XAttribute("NonAggregateControl", false), new XAttribute("NoRTSPStreaming", false)));

    public async Task<XElement> HandleAsync(XElement request, HttpContext context)
    {
        var operation = request.Name.LocalName;
        switch (operation)
        {
            case "GetServiceCapabilities":
                return Response(operation, CapabilitiesOf(_control));
            case "GetProfiles":
                return Response(operation, (await ProfilesAsync(context.RequestAborted, probe: true)).Select(p => p.Profile(Trt + "Profiles", _server.SessionTimeout)));
            case "GetProfile":
                return Response(operation, (await ProfileAsync(request, context.RequestAborted)).Profile(Trt + "Profile", _server.SessionTimeout));
            case "GetVideoSources":
                return Response(operation, (await ProfilesAsync(context.RequestAborted)).Select(p => p.VideoSource(Trt + "VideoSources")));
            case "GetVideoSourceConfigurations":
                return Response(operation, (await ProfilesAsync(context.RequestAborted)).Select(p => p.SourceConfiguration(Trt + "Configurations")));
            case "GetVideoEncoderConfigurations":
                return Response(operation, (await ProfilesAsync(context.RequestAborted)).Where(p => p.HasEncoderConfiguration)
                    .Select(p => p.EncoderConfiguration(Trt + "Configurations", _server.SessionTimeout)));
            case "GetVideoSourceConfiguration":
            {
                var token = Text(request, "ConfigurationToken");
                var profile = (await ProfilesAsync(context.RequestAborted)).FirstOrDefault(p => p.SourceConfigurationToken == token)
                    ?? throw OnvifFaults.InvalidArgVal("NoConfig", $"no video source configuration {token}");
                return Response(operation, profile.SourceConfiguration(Trt + "Configuration"));
            }

            case "GetVideoEncoderConfiguration":
            {
                var token = Text(request, "ConfigurationToken");
                var profile = (await ProfilesAsync(context.RequestAborted)).FirstOrDefault(p => p.HasEncoderConfiguration && p.EncoderConfigurationToken == token)
                    ?? throw OnvifFaults.InvalidArgVal("NoConfig", $"no video encoder configuration {token}");
                return Response(operation, profile.EncoderConfiguration(Trt + "Configuration", _server.SessionTimeout));
            }

            case "GetCompatibleVideoSourceConfigurations":
                return Response(operation, (await ProfileAsync(request, context.RequestAborted)).SourceConfiguration(Trt + "Configurations"));
            case "GetCompatibleVideoEncoderConfigurations":
            {
                var profile = await ProfileAsync(request, context.RequestAborted);
                return Response(operation, profile.HasEncoderConfiguration ? profile.EncoderConfiguration(Trt + "Configurations", _server.SessionTimeout) : null);
            }

            case "GetAudioSources" or "GetAudioSourceConfigurations" or "GetAudioEncoderConfigurations"
                or "GetAudioSourceConfiguration" or "GetAudioEncoderConfiguration"
                or "GetCompatibleAudioSourceConfigurations" or "GetCompatibleAudioEncoderConfigurations"
                or "GetAudioSourceConfigurationOptions" or "GetAudioEncoderConfigurationOptions":
                return await AudioAsync(operation, request, context.RequestAborted);
            case "GetStreamUri":
                return await StreamUriAsync(request, context);
            case "CreateProfile" or "DeleteProfile":
                throw new OnvifFaultException("Receiver", ["ActionNotSupported"], "media profiles are the receivers' (one fixed profile per receiver); create or delete a receiver instead");
            default:
                if (MediaAccessClasses.Table.ContainsKey(operation))
                {
                    // editing a profile or a configuration of a camera the appliance relays, or a feature it has not
                    throw new OnvifFaultException("Receiver", ["ActionNotSupported"], $"{operation} is not supported: the relayed profiles are fixed, they carry what the camera sends");
                }

                throw OnvifFaults.UnknownAction($"'{operation}' is not an operation of the media service");
        }
    }

    /// <summary>
    /// The audio of the receivers whose camera sends AAC or G.711 (Media.xml: a device streaming audio lists its
    /// sources, configurations, compatible configurations and options). The configurations are fixed like the video
    /// ones: the Add/Remove/Set operations answer ActionNotSupported.
    /// </summary>
    private async Task<XElement> AudioAsync(string operation, XElement request, CancellationToken cancellationToken)
    {
        var withAudio = (await ProfilesAsync(cancellationToken)).Where(p => p.HasAudio).ToList();
        var timeout = _server.SessionTimeout;
        switch (operation)
        {
            case "GetAudioSources":
                return Response(operation, withAudio.Select(p => p.AudioSource(Trt + "AudioSources")));
            case "GetAudioSourceConfigurations":
                return Response(operation, withAudio.Select(p => p.AudioSourceConfiguration(Trt + "Configurations")));
            case "GetAudioEncoderConfigurations":
                return Response(operation, withAudio.Select(p => p.AudioEncoderConfiguration(Trt + "Configurations", timeout)));
            case "GetAudioSourceConfiguration":
                return Response(operation, AudioByConfiguration(withAudio, request, p => p.AudioSourceConfigurationToken).AudioSourceConfiguration(Trt + "Configuration"));
            case "GetAudioEncoderConfiguration":
                return Response(operation, AudioByConfiguration(withAudio, request, p => p.AudioEncoderConfigurationToken).AudioEncoderConfiguration(Trt + "Configuration", timeout));
            case "GetCompatibleAudioSourceConfigurations":
            {
                var profile = await ProfileAsync(request, cancellationToken);
                return Response(operation, profile.HasAudio ? profile.AudioSourceConfiguration(Trt + "Configurations") : null);
            }

            case "GetCompatibleAudioEncoderConfigurations":
            {
                var profile = await ProfileAsync(request, cancellationToken);
                return Response(operation, profile.HasAudio ? profile.AudioEncoderConfiguration(Trt + "Configurations", timeout) : null);
            }

            default:
            {
                // GetAudioSourceConfigurationOptions / GetAudioEncoderConfigurationOptions: of a configuration, of a
                // profile's, or (neither given) of the first receiver with audio
                var source = operation == "GetAudioSourceConfigurationOptions";
                var profile = await AudioOptionsProfileAsync(withAudio, request, source, cancellationToken);
                return Response(operation, source ? profile.AudioSourceOptions(Trt + "Options") : profile.AudioEncoderOptions(Trt + "Options"));
            }
        }
    }

    private static MediaProfile AudioByConfiguration(List<MediaProfile> withAudio, XElement request, Func<MediaProfile, string> tokenOf)
    {
        var token = Text(request, "ConfigurationToken");
        return withAudio.FirstOrDefault(p => tokenOf(p) == token) ?? throw OnvifFaults.InvalidArgVal("NoConfig", $"no audio configuration {token}");
    }

    private async Task<MediaProfile> AudioOptionsProfileAsync(List<MediaProfile> withAudio, XElement request, bool source, CancellationToken cancellationToken)
    {
        if (Text(request, "ConfigurationToken") is { Length: > 0 })
        {
            return AudioByConfiguration(withAudio, request, p => source ? p.AudioSourceConfigurationToken : p.AudioEncoderConfigurationToken);
        }

        if (Text(request, "ProfileToken") is { Length: > 0 })
        {
            var profile = await ProfileAsync(request, cancellationToken);
            return profile.HasAudio ? profile : throw OnvifFaults.InvalidArgVal("NoConfig", $"media profile {profile.Token} has no audio");
        }

        return withAudio.FirstOrDefault() ?? throw new OnvifFaultException("Receiver", ["ActionNotSupported", "AudioNotSupported"], "no receiver sends audio");
    }

    private async Task<XElement> StreamUriAsync(XElement request, HttpContext context)
    {
        var setup = request.Element(Trt + "StreamSetup");
        var stream = setup?.Element(Tt + "Stream")?.Value.Trim();
        var protocol = setup?.Element(Tt + "Transport")?.Element(Tt + "Protocol")?.Value.Trim();
        var profile = await ProfileAsync(request, context.RequestAborted);
        if (stream != "RTP-Unicast" || protocol is not ("RTSP" or "TCP" or "UDP"))
        {
            // the relay serves RTP unicast interleaved in RTSP (TCP) or over UDP; the client picks it in SETUP
            throw OnvifFaults.InvalidArgVal("InvalidStreamSetup", "only RTP-Unicast over RTSP (interleaved TCP) or UDP is supported");
        }

        var host = context.Request.Host.Host is { Length: > 0 } h ? h : "127.0.0.1";
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        return Response(
            "GetStreamUri",
            new XElement(
                Trt + "MediaUri",
                new XElement(Tt + "Uri", $"rtsp://{host}:{_server.Port}{LiveRelay.PathOf(profile.ReceiverToken)}"),
                new XElement(Tt + "InvalidAfterConnect", false),
                new XElement(Tt + "InvalidAfterReboot", false),
                new XElement(Tt + "Timeout", "PT0S")));
    }

    private async Task<MediaProfile> ProfileAsync(XElement request, CancellationToken cancellationToken)
    {
        var token = Text(request, "ProfileToken");
        return (await ProfilesAsync(cancellationToken)).FirstOrDefault(p => p.Token == token)
            ?? throw OnvifFaults.InvalidArgVal("NoProfile", $"no media profile {token}");
    }

    /// <summary>
    /// One profile per receiver (in token order) whose live video stream the relay has seen described. With
    /// <paramref name="probe"/> (GetProfiles), receivers never described yet are connected on demand first, in parallel,
    /// for at most <see cref="ProbeBudget"/> (their sessions end after the relay's linger time).
    /// </summary>
    private async Task<List<MediaProfile>> ProfilesAsync(CancellationToken cancellationToken, bool probe = false)
    {
        var receivers = await _control.AskAsync<ReceiversReply>(GetReceivers.Instance, cancellationToken).ConfigureAwait(false);
        var unknown = receivers.Receivers.Where(r => _relay.Known(r.Token) is null).ToList();
        if (probe && unknown.Count > 0)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(ProbeBudget);
            await Task.WhenAll(unknown.Select(r => ProbeAsync(r.Token, budget.Token))).ConfigureAwait(false);
        }

        return receivers.Receivers
            .Select(r => _relay.Known(r.Token) is { Video: { } video } layout ? new MediaProfile(r.Token, video, layout.Audio) : null)
            .OfType<MediaProfile>()
            .OrderBy(p => p.ReceiverToken, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>How long GetProfiles waits for receivers never described to describe their streams.</summary>
    public static readonly TimeSpan ProbeBudget = TimeSpan.FromSeconds(3);

    private async Task ProbeAsync(string receiverToken, CancellationToken cancellationToken)
    {
        try
        {
            await _relay.FindAsync(LiveRelay.PathOf(receiverToken), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // not described within the budget: no profile this time
        }
    }

    private static string Text(XElement request, string name) => request.Element(Trt + name)?.Value.Trim() ?? string.Empty;

    private static XElement Response(string operation, params object?[] content) => new(Trt + (operation + "Response"), content);
}
