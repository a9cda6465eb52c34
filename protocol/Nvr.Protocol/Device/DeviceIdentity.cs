namespace Nvr.Protocol.Device;

/// <summary>The identity of this appliance: a UUID kept in DATA/device-id, so the serial number is stable per data directory.</summary>
public sealed record DeviceIdentity(Guid Id)
{
    public string SerialNumber => Id.ToString("N")[..16].ToUpperInvariant();

    public string EndpointReference => $"urn:uuid:{Id:D}";

    public static DeviceIdentity ForDataDirectory(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "device-id");
        if (File.Exists(file) && Guid.TryParse(File.ReadAllText(file).Trim(), out var existing))
        {
            return new DeviceIdentity(existing);
        }

        var id = Guid.NewGuid();
        File.WriteAllText(file, id.ToString("D") + "\n");
        return new DeviceIdentity(id);
    }
}
