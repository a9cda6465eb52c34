using System.Xml.Linq;
using Nvr.Control;
using Nvr.Control.Storage;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Device;

/// <summary>
/// The device service's storage configuration operations (Core "Storage Configuration") over the storage
/// configurations actor. Types: <c>LocalStorage</c> (LocalPath: a directory as file:/// URI or absolute path) and
/// <c>ObjectStorageS3</c> (StorageUri: the bucket's path-style base endpoint, User: access key id and secret access
/// key, Region attribute, default us-east-1). Credentials are write-only: no response carries User.
/// </summary>
public sealed class DeviceStorage
{
    public static readonly IReadOnlySet<string> Operations = new HashSet<string>(StringComparer.Ordinal)
    {
        "GetStorageConfigurations", "GetStorageConfiguration", "CreateStorageConfiguration", "SetStorageConfiguration", "DeleteStorageConfiguration",
    };

    private static readonly XNamespace Tds = DeviceService.Tds;
    private readonly ControlPlane _control;

    public DeviceStorage(ControlPlane control) => _control = control;

    /// <summary>The attributes DeviceService's System capabilities carry for storage configuration.</summary>
    public static IEnumerable<XAttribute> CapabilityAttributes() =>
    [
        new XAttribute("StorageConfiguration", true),
        new XAttribute("MaxStorageConfigurations", StorageConfigurationsActor.MaxConfigurations),
        new XAttribute("StorageConfigurationRenewal", false),
        new XAttribute("StorageTypesSupported", $"{StorageTypes.S3} {StorageTypes.Local}"),
    ];

    public async Task<XElement> HandleAsync(XElement request)
    {
        switch (request.Name.LocalName)
        {
            case "GetStorageConfigurations":
                return new XElement(Tds + "GetStorageConfigurationsResponse", (await AllAsync()).Select(s => Configuration("StorageConfigurations", s)));
            case "GetStorageConfiguration":
                var token = Token(request);
                var found = (await AllAsync()).FirstOrDefault(s => s.Token == token) ?? throw NoConfig(token);
                return new XElement(Tds + "GetStorageConfigurationResponse", Configuration("StorageConfiguration", found));
            case "CreateStorageConfiguration":
                var data = request.Element(Tds + "StorageConfiguration") ?? throw OnvifFaults.InvalidArgs("CreateStorageConfiguration needs StorageConfiguration");
                var created = await AskAsync<StorageConfigurationCreated>(new CreateStorageConfiguration(Parse(string.Empty, data)));
                return new XElement(Tds + "CreateStorageConfigurationResponse", new XElement(Tds + "Token", created.Token));
            case "SetStorageConfiguration":
                var configuration = request.Element(Tds + "StorageConfiguration") ?? throw OnvifFaults.InvalidArgs("SetStorageConfiguration needs StorageConfiguration");
                var setToken = configuration.Attribute("token")?.Value.Trim() is { Length: > 0 } t ? t : throw OnvifFaults.InvalidArgs("StorageConfiguration needs a token");
                var setData = configuration.Element(Tds + "Data") ?? throw OnvifFaults.InvalidArgs("StorageConfiguration needs Data");
                await AskAsync<StorageCommandDone>(new SetStorageConfiguration(Parse(setToken, setData)));
                return new XElement(Tds + "SetStorageConfigurationResponse");
            case "DeleteStorageConfiguration":
                await AskAsync<StorageCommandDone>(new DeleteStorageConfiguration(Token(request)));
                return new XElement(Tds + "DeleteStorageConfigurationResponse");
            default:
                throw OnvifFaults.UnknownAction($"'{request.Name.LocalName}' is not a storage operation");
        }
    }

    private static XElement Configuration(string name, StoredStorage stored) => new(
        Tds + name,
        new XAttribute("token", stored.Token),
        new XElement(
            Tds + "Data",
            new XAttribute("type", stored.Type),
            stored.Region is null ? null : new XAttribute("Region", stored.Region),
            stored.LocalPath is null ? null : new XElement(Tds + "LocalPath", stored.LocalPath),
            stored.StorageUri is null ? null : new XElement(Tds + "StorageUri", stored.StorageUri)));

    private static StoredStorage Parse(string token, XElement data)
    {
        var type = data.Attribute("type")?.Value.Trim() ?? throw OnvifFaults.InvalidArgs("StorageConfigurationData needs its type attribute");
        var user = data.Element(Tds + "User");
        if (user?.Element(Tds + "Token") is { } sts && sts.Value.Length > 0)
        {
            throw OnvifFaults.InvalidArgVal("ConfigModify", "STS session tokens (User/Token) are not supported");
        }

        if (data.Element(Tds + "ConfigurationRenewal") is not null)
        {
            throw OnvifFaults.InvalidArgVal("ConfigModify", "ConfigurationRenewal is not supported (StorageConfigurationRenewal is false)");
        }

        return new StoredStorage(
            token,
            type,
            Text(data, "LocalPath"),
            Text(data, "StorageUri"),
            user is null ? null : Text(user, "UserName"),
            user is null ? null : Text(user, "Password"),
            data.Attribute("Region")?.Value.Trim() is { Length: > 0 } region ? region : null);
    }

    private static string? Text(XElement parent, string name) => parent.Element(Tds + name)?.Value.Trim() is { Length: > 0 } value ? value : null;

    private static string Token(XElement request) =>
        request.Element(Tds + "Token")?.Value.Trim() is { Length: > 0 } token ? token : throw OnvifFaults.InvalidArgs($"{request.Name.LocalName} needs Token");

    private static OnvifFaultException NoConfig(string token) => OnvifFaults.InvalidArgVal("NoConfig", $"no storage configuration '{token}'");

    private async Task<IReadOnlyList<StoredStorage>> AllAsync() =>
        (await AskAsync<StorageConfigurationsReply>(GetStorageConfigurations.Instance)).Configurations;

    private async Task<T> AskAsync<T>(object command) => await _control.AskStorageAsync(command) switch
    {
        T reply => reply,
        StorageCommandRejected { Fault: StorageFault.MaxStorageConfigurations } r => throw new OnvifFaultException("Receiver", ["OperationProhibited", "MaxStorageConfigurations"], r.Reason),
        StorageCommandRejected r => throw OnvifFaults.InvalidArgVal(r.Fault.ToString(), r.Reason),
        var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
    };
}
