using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>
/// Storage configurations over real HTTP with the WCF client (no engine): the --storage bindings are listed, created
/// ones are named by recording Targets, faults as Core names them, and credentials never come back. Every response
/// is schema-validated at the end.
/// </summary>
public sealed class DeviceStorageTests : IClassFixture<ValidatedApplianceFixture>
{
    private const string Secret = "storage-secret-7f3a9c";
    private readonly ValidatedApplianceFixture _fixture;

    public DeviceStorageTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    public static string LocalData(string directory) =>
        $"<tds:StorageConfiguration type=\"LocalStorage\"><tds:LocalPath>{new Uri(directory).AbsoluteUri}</tds:LocalPath></tds:StorageConfiguration>";

    public static string S3Data(string endpoint, string accessKey, string secret, string region = "us-east-1") =>
        $"<tds:StorageConfiguration type=\"ObjectStorageS3\" Region=\"{region}\"><tds:StorageUri>{endpoint}</tds:StorageUri>" +
        $"<tds:User><tds:UserName>{accessKey}</tds:UserName><tds:Password>{secret}</tds:Password></tds:User></tds:StorageConfiguration>";

    [Fact]
    public async Task The_storage_bindings_are_listed_and_a_created_local_storage_can_be_read_changed_targeted_and_deleted()
    {
        var listed = await _fixture.Device.CallAsync("GetStorageConfigurations");
        var tokens = listed.Elements(Wire.Tds + "StorageConfigurations").Select(s => s.Attribute("token")!.Value).ToList();
        Assert.Contains("local", tokens);
        Assert.Contains("1", tokens);

        var directory = Path.Combine(_fixture.DataDirectory, "created-a");
        var token = (await _fixture.Device.CallAsync("CreateStorageConfiguration", LocalData(directory))).Text(Wire.Tds + "Token");
        var read = (await _fixture.Device.CallAsync("GetStorageConfiguration", $"<tds:Token>{token}</tds:Token>")).Element(Wire.Tds + "StorageConfiguration")!;
        Assert.Equal(token, read.Attribute("token")!.Value);
        Assert.Equal("LocalStorage", read.Element(Wire.Tds + "Data")!.Attribute("type")!.Value);
        Assert.Equal(new Uri(directory).AbsoluteUri, read.Text(Wire.Tds + "LocalPath"));

        var moved = Path.Combine(_fixture.DataDirectory, "created-b");
        await _fixture.Device.CallAsync(
            "SetStorageConfiguration",
            $"<tds:StorageConfiguration token=\"{token}\"><tds:Data type=\"LocalStorage\"><tds:LocalPath>{new Uri(moved).AbsoluteUri}</tds:LocalPath></tds:Data></tds:StorageConfiguration>");
        Assert.Equal(new Uri(moved).AbsoluteUri, (await _fixture.Device.CallAsync("GetStorageConfiguration", $"<tds:Token>{token}</tds:Token>")).Text(Wire.Tds + "LocalPath"));

        // A recording Target may name it (the live set), and then it cannot be deleted.
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration("storage-user", target: RequestXml.Target(storage: token))))
            .Text(Wire.Trc + "RecordingToken");
        Assert.Equal("Sender/InvalidArgVal/ReferenceInUse", await _fixture.Device.FaultAsync("DeleteStorageConfiguration", $"<tds:Token>{token}</tds:Token>"));
        await _fixture.Recording.CallAsync("DeleteRecording", $"<trc:RecordingToken>{recording}</trc:RecordingToken>");
        await _fixture.Device.CallAsync("DeleteStorageConfiguration", $"<tds:Token>{token}</tds:Token>");

        Assert.Equal("Sender/InvalidArgVal/NoConfig", await _fixture.Device.FaultAsync("GetStorageConfiguration", $"<tds:Token>{token}</tds:Token>"));
        Assert.Equal("Sender/InvalidArgVal/NoConfig", await _fixture.Device.FaultAsync("DeleteStorageConfiguration", $"<tds:Token>{token}</tds:Token>"));
        Assert.Equal("Sender/InvalidArgVal/BadConfiguration", await _fixture.Recording.FaultAsync(
            "CreateRecording", RequestXml.RecordingConfiguration("deleted-storage", target: RequestXml.Target(storage: token))));
    }

    [Fact]
    public async Task Unusable_configurations_fault_ConfigModify_and_unknown_tokens_NoConfig()
    {
        Assert.Equal("Sender/InvalidArgVal/ConfigModify", await _fixture.Device.FaultAsync(
            "CreateStorageConfiguration", "<tds:StorageConfiguration type=\"NFS\"><tds:StorageUri>nfs://server/export</tds:StorageUri></tds:StorageConfiguration>"));
        Assert.Equal("Sender/InvalidArgVal/ConfigModify", await _fixture.Device.FaultAsync(
            "CreateStorageConfiguration", "<tds:StorageConfiguration type=\"LocalStorage\"><tds:LocalPath>relative/dir</tds:LocalPath></tds:StorageConfiguration>"));
        Assert.Equal("Sender/InvalidArgVal/ConfigModify", await _fixture.Device.FaultAsync(
            "CreateStorageConfiguration", "<tds:StorageConfiguration type=\"ObjectStorageS3\"><tds:StorageUri>http://127.0.0.1:9/bucket</tds:StorageUri></tds:StorageConfiguration>"));
        Assert.Equal("Sender/InvalidArgVal/ConfigModify", await _fixture.Device.FaultAsync(
            "CreateStorageConfiguration", S3Data("http://127.0.0.1:9/", "key", Secret)));
        Assert.Equal("Sender/InvalidArgVal/NoConfig", await _fixture.Device.FaultAsync(
            "SetStorageConfiguration", "<tds:StorageConfiguration token=\"never\"><tds:Data type=\"LocalStorage\"><tds:LocalPath>file:///tmp/x</tds:LocalPath></tds:Data></tds:StorageConfiguration>"));
    }

    [Fact]
    public async Task S3_credentials_are_write_only_and_kept_when_a_configuration_is_written_back_without_them()
    {
        var token = (await _fixture.Device.CallAsync("CreateStorageConfiguration", S3Data("http://127.0.0.1:9000/nvr", "ACCESS-KEY-ID-42", Secret, "eu-west-3")))
            .Text(Wire.Tds + "Token");
        var read = (await _fixture.Device.CallAsync("GetStorageConfiguration", $"<tds:Token>{token}</tds:Token>")).Element(Wire.Tds + "StorageConfiguration")!;
        Assert.Equal("http://127.0.0.1:9000/nvr", read.Text(Wire.Tds + "StorageUri"));
        Assert.Equal("eu-west-3", read.Element(Wire.Tds + "Data")!.Attribute("Region")!.Value);
        Assert.Empty(read.Descendants(Wire.Tds + "User"));

        // Written back as read (no User): accepted, credentials kept (it stays a usable S3 configuration).
        await _fixture.Device.CallAsync("SetStorageConfiguration", read.ToString());
        await _fixture.Device.CallAsync("GetStorageConfigurations");
        var capabilities = await _fixture.Device.CallAsync("GetServiceCapabilities");
        Assert.Equal("true", capabilities.Descendants(Wire.Tds + "System").Single().Attribute("StorageConfiguration")!.Value);

        Assert.All(_fixture.Capture.Texts, text =>
        {
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("ACCESS-KEY-ID-42", text, StringComparison.Ordinal);
        });
        await _fixture.Device.CallAsync("DeleteStorageConfiguration", $"<tds:Token>{token}</tds:Token>");
    }

    [Fact]
    public async Task SystemReboot_and_SetSystemFactoryDefault_are_not_supported()
    {
        Assert.Equal("Receiver/ActionNotSupported", await _fixture.Device.FaultAsync("SystemReboot"));
        Assert.Equal("Receiver/ActionNotSupported", await _fixture.Device.FaultAsync("SetSystemFactoryDefault", "<tds:FactoryDefault>Soft</tds:FactoryDefault>"));
    }
}
