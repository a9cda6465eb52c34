using Nvr.Protocol.Security;

namespace Nvr.Protocol.Receiver;

/// <summary>
/// The access class of every receiver.wsdl operation, as the ONVIF Receiver Service Specification states them (no
/// seed copy of that document is in ../shared/specs): reading receivers is READ_MEDIA, changing them ACTUATE.
/// </summary>
public static class ReceiverAccessClasses
{
    public static IReadOnlyDictionary<string, AccessClass> Table { get; } = new Dictionary<string, AccessClass>(StringComparer.Ordinal)
    {
        ["GetServiceCapabilities"] = AccessClass.PreAuth,
        ["GetReceivers"] = AccessClass.ReadMedia,
        ["GetReceiver"] = AccessClass.ReadMedia,
        ["CreateReceiver"] = AccessClass.Actuate,
        ["DeleteReceiver"] = AccessClass.Actuate,
        ["ConfigureReceiver"] = AccessClass.Actuate,
        ["SetReceiverMode"] = AccessClass.Actuate,
        ["GetReceiverState"] = AccessClass.ReadMedia,
    };
}
