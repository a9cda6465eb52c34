namespace Nvr.Protocol.Hosting;

/// <summary>The HTTP paths of the ONVIF services of this appliance.</summary>
public static class OnvifServicePaths
{
    public const string Recording = "/onvif/recording_service";
    public const string Receiver = "/onvif/receiver_service";
    public const string Schedule = "/onvif/schedule_service";
    public const string Event = Events.EventServiceEndpoint.Path;
    public const string Device = "/onvif/device_service";
    public const string Search = "/onvif/search_service";
    public const string Media = "/onvif/media_service";
}
