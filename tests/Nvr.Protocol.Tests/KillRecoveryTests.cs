using System.Diagnostics;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>Seed 5.2 the hard way: the appliance process is SIGKILLed right after a burst of writes and restarted.</summary>
public sealed class KillRecoveryTests : IAsyncLifetime
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"nvr-kill-{Guid.NewGuid():N}");
    private readonly int _port = TestTools.FreeTcpPort();
    private readonly EnvelopeCapture _capture = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task GetRecordings_and_GetRecordingJobs_are_identical_after_kill_9()
    {
        string recordingsBefore, jobsBefore;
        using (var appliance = await StartApplianceAsync())
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var client = new OnvifSoapClient(ServiceUrl, OnvifSoapClient.Trc, _capture);
            for (var i = 0; i < 12; i++)
            {
                var recording = (await client.CallAsync("CreateRecording", RecordingConfiguration($"burst-{i}"))).Text(Wire.Trc + "RecordingToken");
                await client.CallAsync("CreateTrack", Token("RecordingToken", recording) + Track("Video", $"sub-{i}"));
                var job = (await client.CallAsync("CreateRecordingJob", Job(recording, "Idle", i))).Text(Wire.Trc + "JobToken");
                if (i % 2 == 0)
                {
                    await client.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Active"));
                }

                if (i % 5 == 4)
                {
                    await client.CallAsync("DeleteRecording", Token("RecordingToken", recording));
                }
            }

            recordingsBefore = (await client.CallAsync("GetRecordings")).ToString();
            jobsBefore = (await client.CallAsync("GetRecordingJobs")).ToString();
            appliance.Kill(); // SIGKILL: no shutdown code runs
            await appliance.WaitForExitAsync();
        }

        using var restarted = await StartApplianceAsync();
        try
        {
            await using var after = new OnvifSoapClient(ServiceUrl, OnvifSoapClient.Trc, _capture);
            Assert.Equal(recordingsBefore, (await after.CallAsync("GetRecordings")).ToString());
            Assert.Equal(jobsBefore, (await after.CallAsync("GetRecordingJobs")).ToString());
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }

        await OnvifValidator.AssertValidAsync(_capture, "kill-recovery");
    }

    [Fact]
    public async Task Scopes_discovery_mode_and_password_rules_are_identical_after_kill_9()
    {
        var deviceUrl = $"http://127.0.0.1:{_port}/onvif/device_service";
        string scopesBefore;
        using (var appliance = await StartApplianceAsync())
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var device = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            await device.CallAsync("SetScopes", "<tds:Scopes>onvif://www.onvif.org/name/kill-test</tds:Scopes><tds:Scopes>onvif://www.onvif.org/location/roof</tds:Scopes>");
            await device.CallAsync("AddScopes", "<tds:ScopeItem>onvif://www.onvif.org/hardware/rack-3</tds:ScopeItem>");
            await device.CallAsync("SetDiscoveryMode", "<tds:DiscoveryMode>NonDiscoverable</tds:DiscoveryMode>");
            await device.CallAsync("SetPasswordComplexityConfiguration", "<tds:MinLen>9</tds:MinLen><tds:Number>2</tds:Number><tds:BlockUsernameOccurrence>true</tds:BlockUsernameOccurrence>");
            scopesBefore = (await device.CallAsync("GetScopes")).ToString();
            appliance.Kill();
            await appliance.WaitForExitAsync();
        }

        using var restarted = await StartApplianceAsync();
        try
        {
            await using var after = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            Assert.Equal(scopesBefore, (await after.CallAsync("GetScopes")).ToString());
            Assert.Contains("onvif://www.onvif.org/hardware/rack-3", scopesBefore, StringComparison.Ordinal);
            Assert.Equal("NonDiscoverable", (await after.CallAsync("GetDiscoveryMode")).Text(Wire.Tds + "DiscoveryMode"));
            var rules = await after.CallAsync("GetPasswordComplexityConfiguration");
            Assert.Equal("9", rules.Text(Wire.Tds + "MinLen"));
            Assert.Equal("2", rules.Text(Wire.Tds + "Number"));
            Assert.Equal("true", rules.Text(Wire.Tds + "BlockUsernameOccurrence"));
            Assert.Empty(rules.Texts(Wire.Tds + "Uppercase"));
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }

        await OnvifValidator.AssertValidAsync(_capture, "kill-recovery-device");
    }

    [Fact]
    public async Task The_hashing_algorithm_the_access_policy_and_the_replay_configuration_are_identical_after_kill_9()
    {
        var deviceUrl = $"http://127.0.0.1:{_port}/onvif/device_service";
        var replayUrl = $"http://127.0.0.1:{_port}/onvif/replay_service";
        var policy = AccessPolicyTests.Document(("READ_SYSTEM", "Administrator Operator User Anonymous"));
        using (var appliance = await StartApplianceAsync())
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var device = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            await device.CallAsync("SetHashingAlgorithm", "<tds:Algorithm>MD5</tds:Algorithm>");
            await device.CallAsync("SetAccessPolicy", AccessPolicyTests.PolicyFile(policy));
            await using var replay = new OnvifSoapClient(replayUrl, OnvifSoapClient.Trp, _capture);
            await replay.CallAsync("SetReplayConfiguration", "<Configuration><tt:SessionTimeout>PT47S</tt:SessionTimeout></Configuration>");
            appliance.Kill();
            await appliance.WaitForExitAsync();
        }

        using var restarted = await StartApplianceAsync();
        try
        {
            await using var after = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            Assert.Equal(policy, Convert.FromBase64String((await after.CallAsync("GetAccessPolicy")).Descendants(Wire.Tt + "Data").Single().Value));
            await using var anonymous = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture, OnvifSoapClient.Anonymous);
            await anonymous.CallAsync("GetScopes"); // READ_SYSTEM granted to Anonymous by the stored policy
            using var raw = new RawSoap(_capture);
            var challenged = await raw.PostAsync(deviceUrl, RawSoap.Envelope(RawSoap.Operation(OnvifSoapClient.Tds, "GetUsers")));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, challenged.Status);
            Assert.Equal(["MD5"], DigestAnswer.Algorithms(challenged.Challenges));
            await using var replay = new OnvifSoapClient(replayUrl, OnvifSoapClient.Trp, _capture);
            var configuration = await replay.CallAsync("GetReplayConfiguration");
            Assert.Equal("PT47S", configuration.Element(Wire.Trp + "Configuration")!.Element(Wire.Tt + "SessionTimeout")!.Value);
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }

        await OnvifValidator.AssertValidAsync(_capture, "kill-recovery-auth");
    }

    [Fact]
    public async Task Users_their_password_history_the_security_policies_and_the_remote_user_are_identical_after_kill_9()
    {
        var deviceUrl = $"http://127.0.0.1:{_port}/onvif/device_service";
        string usersBefore;
        using (var appliance = await StartApplianceAsync())
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var device = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            await device.CallAsync("CreateUsers", "<tds:User><tt:Username>night-shift</tt:Username><tt:Password>kill-Test-Pass-7</tt:Password><tt:UserLevel>Operator</tt:UserLevel></tds:User>");
            await device.CallAsync("SetUser", "<tds:User><tt:Username>night-shift</tt:Username><tt:Password>kill-Test-Pass-8</tt:Password><tt:UserLevel>User</tt:UserLevel></tds:User>");
            await device.CallAsync("SetPasswordHistoryConfiguration", "<tds:Enabled>true</tds:Enabled><tds:Length>3</tds:Length>");
            await device.CallAsync("SetAuthFailureWarningConfiguration", "<tds:Enabled>true</tds:Enabled><tds:MonitorPeriod>120</tds:MonitorPeriod><tds:MaxAuthFailures>7</tds:MaxAuthFailures>");
            await device.CallAsync("SetRemoteUser", "<tds:RemoteUser><tt:Username>camera-account</tt:Username><tt:Password>remote-Pass-5</tt:Password><tt:UseDerivedPassword>false</tt:UseDerivedPassword></tds:RemoteUser>");
            usersBefore = (await device.CallAsync("GetUsers")).ToString();
            appliance.Kill();
            await appliance.WaitForExitAsync();
        }

        using var restarted = await StartApplianceAsync();
        try
        {
            await using var after = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            Assert.Equal(usersBefore, (await after.CallAsync("GetUsers")).ToString());
            await using var nightShift = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture, new OnvifCredentials("night-shift", "kill-Test-Pass-8"));
            await nightShift.CallAsync("GetScopes");
            Assert.Equal("Sender/NotAuthorized", await nightShift.FaultAsync("GetUsers")); // a User since SetUser

            // The password history survived with the users: the current and the earlier password are refused.
            var history = await after.CallAsync("GetPasswordHistoryConfiguration");
            Assert.Equal(("true", "3"), (history.Text(Wire.Tds + "Enabled"), history.Text(Wire.Tds + "Length")));
            foreach (var used in new[] { "kill-Test-Pass-8", "kill-Test-Pass-7" })
            {
                Assert.Equal("Sender/OperationProhibited/PasswordTooWeak", await after.FaultAsync(
                    "SetUser", $"<tds:User><tt:Username>night-shift</tt:Username><tt:Password>{used}</tt:Password><tt:UserLevel>User</tt:UserLevel></tds:User>"));
            }

            var warning = await after.CallAsync("GetAuthFailureWarningConfiguration");
            Assert.Equal(("true", "120", "7"), (warning.Text(Wire.Tds + "Enabled"), warning.Text(Wire.Tds + "MonitorPeriod"), warning.Text(Wire.Tds + "MaxAuthFailures")));
            Assert.Equal("camera-account", (await after.CallAsync("GetRemoteUser")).Text(Wire.Tt + "Username"));
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }

        await OnvifValidator.AssertValidAsync(_capture, "kill-recovery-users");
    }

    [Fact]
    public async Task A_segment_cut_by_kill_9_is_recovered_playable_and_recording_resumes_in_a_new_span()
    {
        var recordings = Path.Combine(_dataDir, "recordings", "demo");
        string partial;
        using (var appliance = await StartApplianceAsync("--demo"))
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            // Wait until a segment is being written and has at least one durable fragment, then pull the plug.
            partial = await FileAppearance.WaitAsync(recordings, "*.mp4.partial.idx", f => new FileInfo(f).Length >= 16, Patience);
            appliance.Kill();
            await appliance.WaitForExitAsync();
        }

        var key = partial[..^".partial.idx".Length];
        Assert.False(File.Exists(key), "a cut segment must not be presented as complete before recovery");
        using var restarted = await StartApplianceAsync("--demo");
        using var stopRestarted = new ProcessKiller(restarted);
        var resumed = await FileAppearance.WaitAsync(recordings, "*.0.mp4", f => string.CompareOrdinal(Path.GetFileName(f), Path.GetFileName(key)) > 0, Patience);
        restarted.Kill();
        await restarted.WaitForExitAsync();

        // The cut segment was recovered under its key, up to its last complete fragment, and decodes cleanly.
        Assert.True(File.Exists(key), $"{key} was not recovered");
        Assert.False(File.Exists(key + ".partial"));
        var (code, _, error) = await TestTools.RunUncheckedAsync("ffmpeg", ["-v", "error", "-i", key, "-f", "null", "-"], TimeSpan.FromMinutes(1));
        Assert.True(code == 0 && error.Length == 0, $"recovered segment does not decode cleanly: {error}");
        Assert.EndsWith(".0.mp4", resumed, StringComparison.Ordinal); // a new span (counter 0) after the restart
    }

    [Fact]
    public async Task A_segment_cut_by_kill_9_is_in_the_recorded_range_index_after_the_restart_with_the_media_it_kept()
    {
        // Regression (crash soak, docs/reliability.md): a recovered segment was on disk but never indexed, so search,
        // export and the console's timeline ended the span at the last segment completed before the kill.
        var root = Path.Combine(_dataDir, "recordings");
        string partial;
        using (var appliance = await StartApplianceAsync("--demo"))
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            partial = await FileAppearance.WaitAsync(Path.Combine(root, "demo"), "*.mp4.partial.idx", f => new FileInfo(f).Length >= 16, Patience);
            appliance.Kill();
            await appliance.WaitForExitAsync();
        }

        var path = partial[..^".partial.idx".Length];
        var key = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
        using var restarted = await StartApplianceAsync("--demo");
        using var stopRestarted = new ProcessKiller(restarted);
        await FileAppearance.WaitAsync(Path.Combine(root, "demo"), "*.0.mp4", f => string.CompareOrdinal(Path.GetFileName(f), Path.GetFileName(path)) > 0, Patience);
        using var index = new Nvr.Storage.Index.RecordedRangeIndex(Path.Combine(_dataDir, "index.db"));
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        IReadOnlyList<Nvr.Storage.Index.RecordedSegment> rows;
        while ((rows = index.GetObjectRanges("local", key)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100); // the engine's index worker writes asynchronously; read again until the deadline
        }

        restarted.Kill();
        await restarted.WaitForExitAsync();
        Assert.True(rows.Count > 0, $"the recovered segment {key} is not in the index");
        Assert.Equal(["AUDIO001", "VIDEO001"], rows.Select(r => r.Track).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal(new FileInfo(path).Length, r.Bytes));
        var (_, probed, _) = await TestTools.RunUncheckedAsync("ffprobe", ["-v", "error", "-show_entries", "packet=pts_time,duration_time", "-of", "csv=p=0", path], TimeSpan.FromMinutes(1));
        var packets = new List<(double Pts, double Duration)>();
        foreach (var fields in probed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim().Split(',')).Where(f => f.Length >= 2))
        {
            if (double.TryParse(fields[0], System.Globalization.CultureInfo.InvariantCulture, out var pts)) // ffprobe prints N/A where it has no value
            {
                packets.Add((pts, double.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : 0));
            }
        }

        var media = packets.Max(p => p.Pts + p.Duration) - packets.Min(p => p.Pts);
        Assert.All(rows, r => Assert.InRange((r.End - r.Start).TotalSeconds, media - 0.05, media + 0.05));

        // its sidecar carries that media time as Duration: a later crash before the index write still finds it (reconcile)
        using var sidecar = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(path + ".meta.json"));
        var duration = System.Xml.XmlConvert.ToTimeSpan(sidecar.RootElement.GetProperty("Attributes").GetProperty("Duration").GetString()!);
        Assert.InRange(duration.TotalSeconds, media - 0.05, media + 0.05);
    }

    [Fact]
    public async Task Storage_configurations_survive_kill_9_and_a_restart_with_the_same_storage_option_does_not_overwrite_them()
    {
        var deviceUrl = $"http://127.0.0.1:{_port}/onvif/device_service";
        var seeded = new Uri(Path.Combine(_dataDir, "seeded-a")).AbsoluteUri;
        var changed = new Uri(Path.Combine(_dataDir, "seeded-b")).AbsoluteUri;
        string before;
        using (var appliance = await StartApplianceAsync("--storage", $"seeded={seeded}"))
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var device = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            await device.CallAsync("CreateStorageConfiguration", DeviceStorageTests.S3Data("http://127.0.0.1:9/nvr", "kill-access", "kill-secret-91"));
            await device.CallAsync(
                "SetStorageConfiguration",
                $"<tds:StorageConfiguration token=\"seeded\"><tds:Data type=\"LocalStorage\"><tds:LocalPath>{changed}</tds:LocalPath></tds:Data></tds:StorageConfiguration>");
            before = (await device.CallAsync("GetStorageConfigurations")).ToString();
            appliance.Kill();
            await appliance.WaitForExitAsync();
        }

        using var restarted = await StartApplianceAsync("--storage", $"seeded={seeded}");
        try
        {
            await using var after = new OnvifSoapClient(deviceUrl, OnvifSoapClient.Tds, _capture);
            Assert.Equal(before, (await after.CallAsync("GetStorageConfigurations")).ToString());
            Assert.Contains(changed, before, StringComparison.Ordinal);
            Assert.Contains("ObjectStorageS3", before, StringComparison.Ordinal);
        }
        finally
        {
            restarted.Kill();
            await restarted.WaitForExitAsync();
        }

        Assert.All(_capture.Texts, text => Assert.DoesNotContain("kill-secret-91", text, StringComparison.Ordinal));
        await OnvifValidator.AssertValidAsync(_capture, "kill-recovery-storage");
    }

    private string ServiceUrl => $"http://127.0.0.1:{_port}/onvif/recording_service";

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private Task<Process> StartApplianceAsync(params string[] extra) => ApplianceProcess.StartAsync(_dataDir, _port, extra);
}
