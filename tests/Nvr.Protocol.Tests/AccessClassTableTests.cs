using System.Xml.Linq;
using Nvr.Protocol.Device;
using Nvr.Protocol.Events;
using Nvr.Protocol.Receiver;
using Nvr.Protocol.Recording;
using Nvr.Protocol.Schedule;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;

namespace Nvr.Protocol.Tests;

/// <summary>Every operation of each service's official WSDL (and of its server contract) has an access class.</summary>
[Trait("Category", "Unit")]
public sealed class AccessClassTableTests
{
    private static readonly string Onvif = Path.GetFullPath(Path.Combine(TestTools.RepositoryRoot, "..", "shared", "onvif", "ver10"));

    public static TheoryData<string, string> Wsdls => new()
    {
        { "device/wsdl/devicemgmt.wsdl", "device" },
        { "recording.wsdl", "recording" },
        { "receiver.wsdl", "receiver" },
        { "schedule/wsdl/schedule.wsdl", "schedule" },
        { "events/wsdl/event.wsdl", "event" },
        { "media/wsdl/media.wsdl", "media" },
    };

    private static IReadOnlyDictionary<string, AccessClass> Table(string service) => service switch
    {
        "device" => DeviceAccessClasses.Table,
        "recording" => RecordingAccessClasses.Table,
        "receiver" => ReceiverAccessClasses.Table,
        "schedule" => ScheduleAccessClasses.Table,
        "event" => EventAccessClasses.Table,
        "media" => Nvr.Protocol.Media.MediaAccessClasses.Table,
        _ => throw new ArgumentOutOfRangeException(nameof(service)),
    };

    [Theory]
    [MemberData(nameof(Wsdls))]
    public void Every_WSDL_operation_has_an_access_class(string wsdl, string service)
    {
        var path = Path.Combine(Onvif, wsdl);
        if (!File.Exists(path))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), $"{path} is missing");
            return;
        }

        XNamespace wsdlNs = "http://schemas.xmlsoap.org/wsdl/";
        // port types and bindings: event.wsdl binds WS-BaseNotification's operations it imports (Subscribe, Renew, …)
        var operations = XDocument.Load(path).Descendants(wsdlNs + "operation")
            .Select(o => (string)o.Attribute("name")!)
            .Where(o => o != "Notify") // sent by the device to consumers, never served (refused: no class)
            .ToHashSet(StringComparer.Ordinal);
        Assert.True(operations.Count > 5, $"{wsdl}: only {operations.Count} operations read");
        var missing = operations.Where(o => !Table(service).ContainsKey(o)).ToList();
        Assert.True(missing.Count == 0, $"{service}: no access class for {string.Join(", ", missing)}");
        var extra = Table(service).Keys.Where(o => !operations.Contains(o)).ToList();
        Assert.True(extra.Count == 0, $"{service}: classes for operations not in {wsdl}: {string.Join(", ", extra)}");
    }

    [Fact]
    public void Every_contract_and_device_operation_has_an_access_class()
    {
        Assert.Subset(RecordingAccessClasses.Table.Keys.ToHashSet(), SoapEndpointDescription.For<IRecordingService>("/r", "n").Operations.ToHashSet());
        Assert.Subset(ReceiverAccessClasses.Table.Keys.ToHashSet(), SoapEndpointDescription.For<IReceiverService>("/r", "n").Operations.ToHashSet());
        Assert.Subset(ScheduleAccessClasses.Table.Keys.ToHashSet(), SoapEndpointDescription.For<IScheduleService>("/r", "n").Operations.ToHashSet());
        Assert.Subset(DeviceAccessClasses.Table.Keys.ToHashSet(), DeviceService.Operations.ToHashSet());
        Assert.Same(DeviceAccessClasses.Table, DeviceServiceRegistration.Descriptor.AccessClasses);
        Assert.Same(EventAccessClasses.Table, EventServiceRegistration.Descriptor.AccessClasses);
    }

    [Theory]
    [InlineData("GetSystemDateAndTime", AccessClass.PreAuth)]
    [InlineData("GetUsers", AccessClass.ReadSystemSecret)]
    [InlineData("CreateUsers", AccessClass.WriteSystem)]
    [InlineData("SystemReboot", AccessClass.Unrecoverable)]
    [InlineData("GetStorageConfigurations", AccessClass.ReadMedia)]
    [InlineData("CreateStorageConfiguration", AccessClass.Actuate)]
    public void Device_classes_are_Cores(string operation, AccessClass access) => Assert.Equal(access, DeviceAccessClasses.Table[operation]);
}
