using Nvr.Control;
using Nvr.Control.Recordings;
using Nvr.Control.Recordings.Messages;
using Nvr.Protocol.Receiver.Messages;
using Nvr.Protocol.Recording;
using Nvr.Protocol.Soap;
using Model = Nvr.Control.Recordings.Model;
using Wire = Nvr.Protocol.Receiver.Schema;

namespace Nvr.Protocol.Receiver;

/// <summary>
/// The ONVIF Receiver service over the receivers owned by the recording control actor: the configuration side
/// (create, configure, mode, delete) and the connection state reported by the receiver runtime.
/// </summary>
public sealed class ReceiverService : IReceiverService
{
    public const int MaximumUriLength = 2048;
    private static readonly HashSet<string> Modes = ["AutoConnect", "AlwaysConnect", "NeverConnect"];
    private readonly ControlPlane _control;

    public ReceiverService(ControlPlane control) => _control = control;

    public Task<GetServiceCapabilitiesResponse> GetServiceCapabilities(GetServiceCapabilitiesRequest request) =>
        Task.FromResult(new GetServiceCapabilitiesResponse { Capabilities = CapabilitiesOf(_control) });

    /// <summary>The receiver service capabilities (GetServiceCapabilities and the device's GetServices).</summary>
    public static Wire.ReceiverServiceCapabilities CapabilitiesOf(ControlPlane control) => new()
    {
        RTP_Multicast = false,
        RTP_TCP = true,
        RTP_RTSP_TCP = true,
        SupportedReceivers = control.Limits.MaxReceivers,
        MaximumRTSPURILength = MaximumUriLength,
    };

    public async Task<GetReceiversResponse> GetReceivers(GetReceiversRequest request)
    {
        var reply = await Ask<ReceiversReply>(Control.Recordings.Messages.GetReceivers.Instance);
        return new GetReceiversResponse { Receivers = reply.Receivers.Select(ToWire).ToList() };
    }

    public async Task<GetReceiverResponse> GetReceiver(GetReceiverRequest request)
    {
        var reply = await Ask<ReceiverReply>(new GetReceiver(request.ReceiverToken ?? string.Empty));
        return new GetReceiverResponse { Receiver = ToWire(reply.Receiver) };
    }

    public async Task<CreateReceiverResponse> CreateReceiver(CreateReceiverRequest request)
    {
        var configuration = ToModel(request.Configuration);
        var reply = await Ask<ReceiverCreatedReply>(new CreateReceiver(configuration));
        return new CreateReceiverResponse { Receiver = ToWire(new Model.Receiver(reply.ReceiverToken, false, configuration)) };
    }

    public async Task<DeleteReceiverResponse> DeleteReceiver(DeleteReceiverRequest request)
    {
        await Ask<CommandDone>(new DeleteReceiver(request.ReceiverToken ?? string.Empty));
        return new DeleteReceiverResponse();
    }

    public async Task<ConfigureReceiverResponse> ConfigureReceiver(ConfigureReceiverRequest request)
    {
        await Ask<CommandDone>(new ConfigureReceiver(request.ReceiverToken ?? string.Empty, ToModel(request.Configuration)));
        return new ConfigureReceiverResponse();
    }

    public async Task<SetReceiverModeResponse> SetReceiverMode(SetReceiverModeRequest request)
    {
        var token = request.ReceiverToken ?? string.Empty;
        var current = await Ask<ReceiverReply>(new GetReceiver(token));
        var mode = CheckedMode(request.Mode);
        await Ask<CommandDone>(new ConfigureReceiver(token, current.Receiver.Configuration with { Mode = mode }));
        return new SetReceiverModeResponse();
    }

    public async Task<GetReceiverStateResponse> GetReceiverState(GetReceiverStateRequest request)
    {
        var reply = await Ask<ReceiverStateReply>(new GetReceiverState(request.ReceiverToken ?? string.Empty));
        return new GetReceiverStateResponse
        {
            ReceiverState = new Wire.ReceiverStateInformation { State = reply.State, AutoCreated = reply.AutoCreated },
        };
    }

    private static Model.ReceiverConfiguration ToModel(Wire.ReceiverConfiguration? wire)
    {
        if (wire is null)
        {
            throw OnvifFaults.InvalidArgs("Configuration is missing");
        }

        var uri = wire.MediaUri ?? string.Empty;
        if (uri.Length > MaximumUriLength || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("rtsp" or "rtsps"))
        {
            throw OnvifFaults.BadConfiguration($"MediaUri '{uri}' is not an rtsp:// URI of at most {MaximumUriLength} characters");
        }

        var stream = wire.StreamSetup?.Stream ?? "RTP-Unicast";
        var protocol = wire.StreamSetup?.Transport?.Protocol ?? "RTSP";
        if (stream != "RTP-Unicast")
        {
            throw OnvifFaults.BadConfiguration($"Stream '{stream}' is not supported: only RTP-Unicast");
        }

        if (protocol is not ("RTSP" or "TCP" or "UDP"))
        {
            throw OnvifFaults.BadConfiguration($"Transport Protocol '{protocol}' is not supported: RTSP (interleaved), TCP or UDP");
        }

        return new Model.ReceiverConfiguration(CheckedMode(wire.Mode), uri, stream, protocol);
    }

    private static string CheckedMode(string? mode) =>
        mode is not null && Modes.Contains(mode) ? mode : throw OnvifFaults.BadConfiguration($"Mode '{mode}' is invalid: AutoConnect, AlwaysConnect or NeverConnect");

    private static Wire.Receiver ToWire(Model.Receiver receiver) => new()
    {
        Token = receiver.Token,
        Configuration = new Wire.ReceiverConfiguration
        {
            Mode = receiver.Configuration.Mode,
            MediaUri = receiver.Configuration.MediaUri,
            StreamSetup = new Wire.StreamSetup
            {
                Stream = receiver.Configuration.Stream,
                Transport = new Wire.Transport { Protocol = receiver.Configuration.Protocol },
            },
        },
    };

    private async Task<T> Ask<T>(object command)
    {
        try
        {
            return await _control.AskAsync<T>(command);
        }
        catch (CommandRejectedException e)
        {
            throw e.Rejection switch
            {
                { Fault: ControlFault.CannotDelete } rejected => OnvifFaults.Action("CannotDeleteReceiver", rejected.Reason),
                { Fault: ControlFault.MaxReceivers } rejected => OnvifFaults.Action("CapabilityViolated", rejected.Reason),
                var rejected => rejected.ToFault(),
            };
        }
    }
}
