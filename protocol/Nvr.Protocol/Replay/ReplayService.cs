using System.Globalization;
using System.Xml;
using Microsoft.AspNetCore.Http;
using Nvr.Control;
using Nvr.Control.Recordings.Messages;
using Nvr.Protocol.Soap;
using Nvr.Recording.Replay;

namespace Nvr.Protocol.Replay;

/// <summary>
/// The ONVIF Replay service (Replay spec): capabilities, the RTSP URI of a recording and the replay configuration.
/// The replay itself is the RTSP server's (pipeline); this service only names it.
/// </summary>
public sealed class ReplayService : IReplayService
{
    private readonly ControlPlane _control;
    private readonly ReplayEndpoint _endpoint;
    private readonly IHttpContextAccessor _http;

    public ReplayService(ControlPlane control, ReplayEndpoint endpoint, IHttpContextAccessor http)
    {
        _control = control;
        _endpoint = endpoint;
        _http = http;
    }

    /// <summary>The replay service capabilities (GetServiceCapabilities and the device's GetServices).</summary>
    public static ReplayServiceCapabilities Capabilities() => new()
    {
        ReversePlayback = false,
        SessionTimeoutRange = string.Create(CultureInfo.InvariantCulture, $"{ReplayEndpoint.MinSessionTimeoutSeconds} {ReplayEndpoint.MaxSessionTimeoutSeconds}"),
        RTP_RTSP_TCP = true,
    };

    public Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request) =>
        Task.FromResult(new GetServiceCapabilitiesResponse { Capabilities = Capabilities() });

    public async Task<GetReplayUriResponse> GetReplayUri(GetReplayUriRequest request)
    {
        var setup = request.StreamSetup;
        if (setup is null || setup.Stream != "RTP-Unicast" || setup.Transport.Protocol is not ("RTSP" or "TCP" or "UDP"))
        {
            // RTP unicast over RTSP (interleaved TCP) or UDP is served (the client picks it in SETUP); no multicast, no HTTP tunnel.
            throw OnvifFaults.InvalidArgVal("InvalidStreamSetup", "only RTP-Unicast over RTSP (interleaved TCP) or UDP is supported");
        }

        var recordings = await _control.AskAsync<RecordingsReply>(GetRecordings.Instance).ConfigureAwait(false);
        if (!recordings.Recordings.Any(r => r.Token == request.RecordingToken))
        {
            throw OnvifFaults.InvalidArgVal("NoRecording", $"no recording {request.RecordingToken}");
        }

        var host = _http.HttpContext?.Request.Host.Host ?? "127.0.0.1";
        if (host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('['))
        {
            host = $"[{host}]";
        }

        return new GetReplayUriResponse { Uri = $"rtsp://{host}:{_endpoint.Port}{RecordingReplayCatalog.PathOf(request.RecordingToken)}" };
    }

    public Task<GetReplayConfigurationResponse> GetReplayConfiguration(GetReplayConfigurationRequest request) =>
        Task.FromResult(new GetReplayConfigurationResponse
        {
            Configuration = new ReplayConfiguration { SessionTimeout = XmlConvert.ToString(_endpoint.Server.SessionTimeout) },
        });

    public async Task<SetReplayConfigurationResponse> SetReplayConfiguration(SetReplayConfigurationRequest request)
    {
        TimeSpan timeout;
        try
        {
            timeout = XmlConvert.ToTimeSpan(request.Configuration?.SessionTimeout ?? string.Empty);
        }
        catch (FormatException)
        {
            throw OnvifFaults.InvalidArgVal("ConfigModify", "SessionTimeout is not an xs:duration");
        }

        if (timeout.TotalSeconds < ReplayEndpoint.MinSessionTimeoutSeconds || timeout.TotalSeconds > ReplayEndpoint.MaxSessionTimeoutSeconds)
        {
            throw OnvifFaults.InvalidArgVal("ConfigModify", "SessionTimeout outside SessionTimeoutRange");
        }

        // persisted first (answered once the journal has it), so an acknowledged timeout survives a restart
        if (await _control.AskDeviceAsync(new Nvr.Control.Device.SetReplaySessionTimeout(timeout)).ConfigureAwait(false) is not Nvr.Control.Device.DeviceSettingsChanged)
        {
            throw new InvalidOperationException("the replay configuration was not stored");
        }

        _endpoint.Server.SessionTimeout = timeout;
        return new SetReplayConfigurationResponse();
    }
}
