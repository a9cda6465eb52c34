using System.Xml.Linq;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// SetHashingAlgorithm (the HTTP and RTSP Digest algorithms offered, in the client's order of preference; Core gives no
/// Get: the challenges show them) and GetAccessPolicy/SetAccessPolicy (the policy file, docs/access-policy.md), over
/// the device settings actor, which persists both. The authenticators read them on every request.
/// </summary>
public static class DeviceAuthenticationSettings
{
    public static readonly IReadOnlyList<string> Operations = ["SetHashingAlgorithm", "GetAccessPolicy", "SetAccessPolicy"];

    /// <summary>The algorithms SetHashingAlgorithm accepts (RFC 7616 names; the HashingAlgorithms capability).</summary>
    public static readonly IReadOnlyList<string> Supported = ["MD5", "SHA-256"];

    private static readonly XNamespace Tds = DeviceService.Tds;
    private static readonly XNamespace Tt = DeviceService.Tt;
    private static readonly XNamespace Xmime = "http://www.w3.org/2005/05/xmlmime";

    public static async Task<XElement> HandleAsync(XElement request, ControlPlane control) => request.Name.LocalName switch
    {
        "SetHashingAlgorithm" => await ChangedAsync(control, new SetDigestAlgorithms(Algorithms(request)), "SetHashingAlgorithmResponse"),
        "GetAccessPolicy" => GetAccessPolicy((DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance)),
        "SetAccessPolicy" => await ChangedAsync(control, new SetAccessPolicyDocument(PolicyFile(request)), "SetAccessPolicyResponse"),
        _ => throw OnvifFaults.UnknownAction($"'{request.Name.LocalName}' is not an authentication settings operation"),
    };

    /// <summary>The algorithms of a SetHashingAlgorithm request (tt:StringList), canonically spelled, duplicates dropped.</summary>
    public static List<string> Algorithms(XElement request)
    {
        var names = (request.Element(Tds + "Algorithm")?.Value ?? string.Empty).Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var algorithms = new List<string>();
        foreach (var name in names)
        {
            var supported = Supported.FirstOrDefault(s => s.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new OnvifFaultException("Sender", ["InvalidArgVal"], $"hashing algorithm '{name}' is not supported (only {string.Join(", ", Supported)})");
            if (!algorithms.Contains(supported, StringComparer.Ordinal))
            {
                algorithms.Add(supported);
            }
        }

        return algorithms.Count > 0
            ? algorithms
            : throw new OnvifFaultException("Sender", ["InvalidArgVal"], "SetHashingAlgorithm needs at least one algorithm");
    }

    private static XElement GetAccessPolicy(DeviceSettings settings) => new(
        Tds + "GetAccessPolicyResponse",
        new XElement(
            Tds + "PolicyFile",
            new XAttribute(XNamespace.Xmlns + "xmime", Xmime),
            new XAttribute(Xmime + "contentType", AccessPolicyDocument.ContentType),
            new XElement(Tt + "Data", Convert.ToBase64String(settings.AccessPolicyDocument ?? AccessPolicyDocument.DefaultDocument))));

    private static byte[] PolicyFile(XElement request)
    {
        var data = request.Element(Tds + "PolicyFile")?.Element(Tt + "Data")
            ?? throw OnvifFaults.InvalidArgs("SetAccessPolicy needs tds:PolicyFile/tt:Data");
        byte[] document;
        try
        {
            document = Convert.FromBase64String(data.Value.Trim());
        }
        catch (FormatException)
        {
            throw PolicyFormat("the policy file is not base64");
        }

        try
        {
            AccessPolicyDocument.Parse(document);
        }
        catch (FormatException e)
        {
            throw PolicyFormat(e.Message);
        }

        return document;
    }

    private static OnvifFaultException PolicyFormat(string reason) =>
        new("Sender", ["InvalidArgs", "PolicyFormat"], $"{reason} (the format is urn:onvif-nvr:access-policy:1, see GetAccessPolicy)");

    private static async Task<XElement> ChangedAsync(ControlPlane control, object command, string response)
    {
        var reply = await control.AskDeviceAsync(command);
        return reply is DeviceSettingsChanged
            ? new XElement(Tds + response)
            : throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}");
    }
}
