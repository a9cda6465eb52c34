using System.ServiceModel;
using System.Xml.Serialization;
using Nvr.Protocol.Receiver.Schema;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Replay;

/// <summary>trp:GetServiceCapabilities.</summary>
[MessageContract(WrapperName = "GetServiceCapabilities", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class GetServiceCapabilitiesRequest
{
}

/// <summary>trp:GetServiceCapabilitiesResponse.</summary>
[MessageContract(WrapperName = "GetServiceCapabilitiesResponse", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class GetServiceCapabilitiesResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Replay, Order = 0)]
    public ReplayServiceCapabilities Capabilities { get; set; } = new();
}

/// <summary>trp:Capabilities.</summary>
[XmlType("Capabilities", Namespace = OnvifNamespaces.Replay)]
public sealed class ReplayServiceCapabilities
{
    [XmlAttribute] public bool ReversePlayback { get; set; }

    /// <summary>tt:FloatList: minimum and maximum session timeout in seconds.</summary>
    [XmlAttribute] public string SessionTimeoutRange { get; set; } = string.Empty;

    [XmlAttribute] public bool RTP_RTSP_TCP { get; set; }
}

/// <summary>trp:GetReplayUri.</summary>
[MessageContract(WrapperName = "GetReplayUri", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class GetReplayUriRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Replay, Order = 0)]
    public StreamSetup? StreamSetup { get; set; }

    [MessageBodyMember(Namespace = OnvifNamespaces.Replay, Order = 1)]
    public string RecordingToken { get; set; } = string.Empty;
}

/// <summary>trp:GetReplayUriResponse.</summary>
[MessageContract(WrapperName = "GetReplayUriResponse", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class GetReplayUriResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Replay, Order = 0)]
    public string Uri { get; set; } = string.Empty;
}

/// <summary>trp:GetReplayConfiguration.</summary>
[MessageContract(WrapperName = "GetReplayConfiguration", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class GetReplayConfigurationRequest
{
}

/// <summary>trp:GetReplayConfigurationResponse.</summary>
[MessageContract(WrapperName = "GetReplayConfigurationResponse", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class GetReplayConfigurationResponse
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Replay, Order = 0)]
    public ReplayConfiguration Configuration { get; set; } = new();
}

/// <summary>trp:SetReplayConfiguration.</summary>
[MessageContract(WrapperName = "SetReplayConfiguration", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class SetReplayConfigurationRequest
{
    [MessageBodyMember(Namespace = OnvifNamespaces.Replay, Order = 0)]
    public ReplayConfiguration? Configuration { get; set; }
}

/// <summary>trp:SetReplayConfigurationResponse.</summary>
[MessageContract(WrapperName = "SetReplayConfigurationResponse", WrapperNamespace = OnvifNamespaces.Replay, IsWrapped = true)]
public sealed class SetReplayConfigurationResponse
{
}

/// <summary>tt:ReplayConfiguration.</summary>
[XmlType(Namespace = OnvifNamespaces.Schema)]
public sealed class ReplayConfiguration
{
    /// <summary>xs:duration of the RTSP session timeout.</summary>
    [XmlElement(Order = 0)] public string SessionTimeout { get; set; } = "PT60S";
}
