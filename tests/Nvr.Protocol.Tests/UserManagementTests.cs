using Microsoft.Extensions.Logging;
using Nvr.Protocol.Hosting;
using Nvr.Protocol.Security;
using Nvr.Protocol.Tests.Infrastructure;

namespace Nvr.Protocol.Tests;

/// <summary>GetUsers, CreateUsers, DeleteUsers and SetUser over SOAP, with Core's faults; changed passwords take effect at once.</summary>
public sealed class UserManagementTests : IClassFixture<ValidatedApplianceFixture>
{
    private readonly ValidatedApplianceFixture _fixture;

    public UserManagementTests(ValidatedApplianceFixture fixture) => _fixture = fixture;

    private static string User(string name, string? password, string level) =>
        $"<tds:User><tt:Username>{name}</tt:Username>{(password is null ? string.Empty : $"<tt:Password>{password}</tt:Password>")}<tt:UserLevel>{level}</tt:UserLevel></tds:User>";

    private OnvifSoapClient DeviceAs(OnvifCredentials credentials) => new(_fixture.Host.DeviceServiceUrls[0], OnvifSoapClient.Tds, _fixture.Capture, credentials);

    [Fact]
    public async Task Create_refuses_clashes_long_names_and_passwords_and_Anonymous_all_or_nothing()
    {
        var device = _fixture.Device;
        Assert.Equal("Sender/OperationProhibited/UsernameClash", await device.FaultAsync("CreateUsers", User("admin", "x-123456", "User")));
        Assert.Equal("Sender/OperationProhibited/UsernameClash", await device.FaultAsync("CreateUsers", User("twin", "x-1", "User") + User("twin", "x-2", "User")));
        Assert.Equal("Sender/OperationProhibited/UsernameTooLong", await device.FaultAsync("CreateUsers", User(new string('u', 33), "x-1", "User")));
        Assert.Equal("Sender/OperationProhibited/PasswordTooLong", await device.FaultAsync("CreateUsers", User("long-pw", new string('p', 65), "User")));
        Assert.Equal("Sender/OperationProhibited/AnonymousNotAllowed", await device.FaultAsync("CreateUsers", User("nobody", "x-1", "Anonymous")));
        Assert.Equal("Sender/OperationProhibited/PasswordTooWeak", await device.FaultAsync("CreateUsers", User("nopass", null, "User")));
        Assert.Equal("Sender/OperationProhibited/UsernameClash", await device.FaultAsync("CreateUsers", User("fresh-1", "x-1", "User") + User("admin", "x-2", "User")));
        Assert.DoesNotContain("fresh-1", (await device.CallAsync("GetUsers")).Texts(Wire.Tt + "Username"));
    }

    [Fact]
    public async Task The_last_administrator_can_be_neither_deleted_nor_demoted_and_unknown_users_are_named()
    {
        var device = _fixture.Device;
        Assert.Equal("Sender/InvalidArgVal/FixedUser", await device.FaultAsync("DeleteUsers", "<tds:Username>admin</tds:Username>"));
        Assert.Equal("Sender/InvalidArgVal/FixedUser", await device.FaultAsync("SetUser", User("admin", OnvifCredentials.Admin.Password, "Operator")));
        Assert.Equal("Sender/InvalidArgVal/UsernameMissing", await device.FaultAsync("DeleteUsers", "<tds:Username>ghost</tds:Username>"));
        Assert.Equal("Sender/InvalidArgVal/UsernameMissing", await device.FaultAsync("SetUser", User("ghost", "x-1", "User")));
        Assert.Equal("Sender/OperationProhibited/PasswordTooWeak", await device.FaultAsync("SetUser", User("admin", null, "Administrator")));
        Assert.Equal("Administrator", (await device.CallAsync("GetUsers")).Text(Wire.Tt + "UserLevel"));
    }

    [Fact]
    public async Task A_created_user_signs_in_a_changed_password_replaces_the_old_one_and_a_deleted_user_is_refused()
    {
        var device = _fixture.Device;
        await device.CallAsync("CreateUsers", User("deputy", "first-Pass-1", "Administrator"));
        await using (var deputy = DeviceAs(new OnvifCredentials("deputy", "first-Pass-1")))
        {
            Assert.Contains("deputy", (await deputy.CallAsync("GetUsers")).Texts(Wire.Tt + "Username"));
        }

        await device.CallAsync("SetUser", User("deputy", "second-Pass-2", "User"));
        await using (var old = DeviceAs(new OnvifCredentials("deputy", "first-Pass-1")))
        {
            Assert.Equal("Sender/NotAuthorized", await old.FaultAsync("GetScopes"));
        }

        await using (var changed = DeviceAs(new OnvifCredentials("deputy", "second-Pass-2")))
        {
            await changed.CallAsync("GetScopes");
            Assert.Equal("Sender/NotAuthorized", await changed.FaultAsync("GetUsers")); // now a User
        }

        await device.CallAsync("DeleteUsers", "<tds:Username>deputy</tds:Username>");
        await using var deleted = DeviceAs(new OnvifCredentials("deputy", "second-Pass-2"));
        Assert.Equal("Sender/NotAuthorized", await deleted.FaultAsync("GetScopes"));
    }

    [Fact]
    public async Task The_journal_and_the_database_never_hold_a_password_in_clear()
    {
        await _fixture.Device.CallAsync("CreateUsers", User("journal-check", "clear-Text-Canary-9", "Operator"));
        foreach (var file in Directory.EnumerateFiles(_fixture.DataDirectory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync();
            Assert.DoesNotContain("clear-Text-Canary-9", text, StringComparison.Ordinal);
            Assert.DoesNotContain(OnvifCredentials.Admin.Password, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_journal_and_the_database_never_hold_a_content_key_or_a_storage_secret_in_clear()
    {
        const string secret = "s3-Secret-Canary-41";
        var key = Convert.FromHexString("0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        var storage = (await _fixture.Device.CallAsync("CreateStorageConfiguration",
            DeviceStorageTests.S3Data("http://127.0.0.1:9/sealing-bucket", "sealing-access-key", secret))).Text(Wire.Tds + "Token");
        var target = RequestXml.Target("MP4", postfix: "sealing-check", encryption: RequestXml.Encryption("CENC", "00112233445566778899aabbccddeef1", Convert.ToHexString(key), "VIDEO001"));
        var recording = (await _fixture.Recording.CallAsync("CreateRecording", RequestXml.RecordingConfiguration("sealing-check", target: target))).Text(Wire.Trc + "RecordingToken");
        try
        {
            string[] forbidden = [secret, Convert.ToHexString(key), Convert.ToHexString(key).ToLowerInvariant(), Convert.ToBase64String(key)];
            var scanned = 0;
            foreach (var file in Directory.EnumerateFiles(_fixture.DataDirectory, "*", SearchOption.AllDirectories))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                var text = await reader.ReadToEndAsync();
                scanned += text.Length;
                Assert.All(forbidden, f => Assert.DoesNotContain(f, text, StringComparison.Ordinal));
            }

            Assert.True(scanned > 0, "the data directory was read");

            // What is sealed still reads: the key is in force (GetRecordingConfiguration never returns it) and the storage answers.
            var configuration = await _fixture.Recording.CallAsync("GetRecordingConfiguration", RequestXml.Token("RecordingToken", recording));
            Assert.Equal("00112233445566778899aabbccddeef1", configuration.Descendants(Wire.Tt + "KID").Single().Value.ToLowerInvariant());
            Assert.Empty(configuration.Descendants(Wire.Tt + "Key"));
        }
        finally
        {
            await _fixture.Recording.CallAsync("DeleteRecording", RequestXml.Token("RecordingToken", recording));
            await _fixture.Device.CallAsync("DeleteStorageConfiguration", $"<tds:Token>{storage}</tds:Token>");
        }
    }
}

/// <summary>First start: the administrator is created from the options or with a generated password; later starts ignore them.</summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task Without_a_password_one_is_generated_written_0600_and_works_and_later_starts_ignore_new_options()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"nvr-first-run-{Guid.NewGuid():N}");
        var capture = new EnvelopeCapture();
        try
        {
            string generated;
            await using (var host = await StartAsync(directory, "chief", null))
            {
                generated = Assert.IsType<string>(host.FirstRun.GeneratedPassword);
                Assert.True(host.FirstRun.Created);
                var file = Path.Combine(directory, FirstRunAdministrator.InitialPasswordFile);
                Assert.Equal(generated, File.ReadAllText(file).Trim());
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, SecretFileMode.Of(file));
                Assert.True(generated.Length >= 20);
                await using var device = new OnvifSoapClient(host.DeviceServiceUrls[0], OnvifSoapClient.Tds, capture, new OnvifCredentials("chief", generated));
                Assert.Equal(["chief"], (await device.CallAsync("GetUsers")).Texts(Wire.Tt + "Username"));
            }

            await using (var again = await StartAsync(directory, "other", "ignored-Pass-1"))
            {
                Assert.False(again.FirstRun.Created);
                Assert.Null(again.FirstRun.GeneratedPassword);
                await using var device = new OnvifSoapClient(again.DeviceServiceUrls[0], OnvifSoapClient.Tds, capture, new OnvifCredentials("chief", generated));
                Assert.Equal(["chief"], (await device.CallAsync("GetUsers")).Texts(Wire.Tt + "Username"));
                await using var ignored = new OnvifSoapClient(again.DeviceServiceUrls[0], OnvifSoapClient.Tds, capture, new OnvifCredentials("other", "ignored-Pass-1"));
                Assert.Equal("Sender/NotAuthorized", await ignored.FaultAsync("GetUsers"));
            }

            await OnvifValidator.AssertValidAsync(capture, "first-run");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<ApplianceHost> StartAsync(string directory, string user, string? password) => ApplianceHost.StartAsync(
        new ApplianceOptions { DataDirectory = directory, Urls = ["http://127.0.0.1:0"], RecordingEngine = false, MinimumFreeBytes = 0, AdminUser = user, AdminPassword = password },
        logging => logging.ClearProviders());
}
