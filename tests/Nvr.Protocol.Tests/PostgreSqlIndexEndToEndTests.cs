using System.Diagnostics;
using System.Xml;
using System.Xml.Linq;
using Nvr.Protocol.Tests.Infrastructure;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The appliance process started with <c>--postgres</c> records the GStreamer camera over SOAP; the index rows are in
/// PostgreSQL (counted there), no SQLite file is made in the data directory, and the search service answers
/// GetRecordingInformation, FindRecordings and GetMediaAttributes from those rows, the same after a SIGKILL and a
/// restart. Every response is schema-validated.
/// </summary>
public sealed class PostgreSqlIndexEndToEndTests(PostgreSqlServer server) : IClassFixture<PostgreSqlServer>, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly XNamespace Tse = OnvifSoapClient.Tse;
    private static readonly XNamespace Tt = OnvifSoapClient.Tt;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"nvr-pgindex-{Guid.NewGuid():N}");
    private readonly int _port = TestTools.FreeTcpPort();
    private readonly EnvelopeCapture _capture = new();
    private readonly RtspServerPeer _camera = new();
    private string _database = string.Empty;

    public async Task InitializeAsync()
    {
        _database = server.CreateDatabase();
        await _camera.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _camera.StopAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task Search_answers_from_the_PostgreSQL_index_before_and_after_a_restart()
    {
        string recording;
        (DateTimeOffset From, DateTimeOffset To, long Rows) video;
        using (var appliance = await StartApplianceAsync())
        {
            using var stopAtTheEnd = new ProcessKiller(appliance);
            await using var recordingService = new OnvifSoapClient(Url("recording_service"), OnvifSoapClient.Trc, _capture);
            await using var receiverService = new OnvifSoapClient(Url("receiver_service"), OnvifSoapClient.Trv, _capture);
            await using var search = new OnvifSoapClient(Url("search_service"), OnvifSoapClient.Tse, _capture);
            var configuration =
                "<trc:RecordingConfiguration><tt:Source><tt:SourceId>urn:uuid:pg-porch</tt:SourceId><tt:Name>porch</tt:Name><tt:Location>Porch</tt:Location>" +
                "<tt:Description>pg index</tt:Description><tt:Address>http://127.0.0.1/onvif/device_service</tt:Address></tt:Source>" +
                $"<tt:Content>pg</tt:Content><tt:MaximumRetentionTime>PT1H</tt:MaximumRetentionTime>{Target("MP4", "PT2S", storage: "local", postfix: "pg-porch")}</trc:RecordingConfiguration>";
            recording = (await recordingService.CallAsync("CreateRecording", configuration)).Text(Wire.Trc + "RecordingToken");
            var other = (await recordingService.CallAsync("CreateRecording", RecordingConfiguration("pg-other"))).Text(Wire.Trc + "RecordingToken");
            var receiver = (await receiverService.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _camera.Url("h264")))).Text(Wire.Tt + "Token");
            var job = (await recordingService.CallAsync("CreateRecordingJob",
                Job(recording, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"))))).Text(Wire.Trc + "JobToken");
            await RowsAtLeastAsync(recording, 3); // three video segments indexed, in PostgreSQL
            await recordingService.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
            (var information, video) = await ConsistentAsync(search, recording);
            Assert.Equal(video.From, Time(Track(information, "VIDEO001"), "DataFrom"));
            Assert.Equal(video.To, Time(Track(information, "VIDEO001"), "DataTo"));
            Assert.Equal(["AUDIO001", "VIDEO001"], information.Elements(Tt + "Track").Select(t => t.Text(Tt + "TrackToken")).Order(StringComparer.Ordinal));
            Assert.Empty((await InformationAsync(search, other)).Elements(Tt + "Track"));
            Assert.Equal([recording], await FindRecordingsAsync(search, "boolean(//Source[Location = \"Porch\"]) and boolean(//Track[TrackType = \"Video\"])"));
            Assert.Equal(2, (await MediaAttributesAsync(search, recording, video.From + ((video.To - video.From) / 2))).Elements(Tt + "TrackAttributes").Count());
            appliance.Kill(entireProcessTree: true); // SIGKILL: nothing is flushed on the way out
            await appliance.WaitForExitAsync();
        }

        Assert.False(File.Exists(Path.Combine(_dataDir, "index.db")), "a SQLite index was made next to the PostgreSQL one");
        Assert.False(File.Exists(Path.Combine(_dataDir, "control.db")), "the journal is in PostgreSQL too");
        var atKill = VideoRows(recording); // nothing writes now: what survives in PostgreSQL
        Assert.True(atKill.Rows >= video.Rows);

        using var restarted = await StartApplianceAsync();
        using var stop = new ProcessKiller(restarted);
        await using (var search = new OnvifSoapClient(Url("search_service"), OnvifSoapClient.Tse, _capture))
        {
            var (information, after) = await ConsistentAsync(search, recording);
            Assert.Equal(video.From, after.From);
            Assert.True(after.Rows >= atKill.Rows && after.To >= atKill.To, "rows were lost over the restart");
            Assert.Equal(after.From, Time(Track(information, "VIDEO001"), "DataFrom"));
            Assert.Equal(after.To, Time(Track(information, "VIDEO001"), "DataTo"));
            Assert.Equal([recording], await FindRecordingsAsync(search, "boolean(//Source[Location = \"Porch\"])"));
            Assert.Equal(2, (await MediaAttributesAsync(search, recording, video.From + ((video.To - video.From) / 2))).Elements(Tt + "TrackAttributes").Count());
        }

        Assert.False(File.Exists(Path.Combine(_dataDir, "index.db")));
        await OnvifValidator.AssertValidAsync(_capture, "postgres-index");
    }

    private Task<Process> StartApplianceAsync() => ApplianceProcess.StartAsync(_dataDir, _port,
        "--postgres", _database, "--storage", $"local={new Uri(Path.Combine(_dataDir, "recordings")).AbsoluteUri}");

    private string Url(string service) => $"http://127.0.0.1:{_port}/onvif/{service}";

    /// <summary>The first start, last end and row count of the recording's video rows, read in PostgreSQL itself.</summary>
    private (DateTimeOffset From, DateTimeOffset To, long Rows) VideoRows(string recording)
    {
        var where = $"FROM segment_ranges WHERE recording = '{recording}' AND track = 'VIDEO001'";
        var rows = PostgreSqlServer.Scalar(_database, $"SELECT COUNT(*) {where}");
        return rows == 0
            ? (default, default, 0)
            : (new DateTimeOffset(PostgreSqlServer.Scalar(_database, $"SELECT MIN(start_ticks) {where}"), TimeSpan.Zero),
               new DateTimeOffset(PostgreSqlServer.Scalar(_database, $"SELECT MAX(end_ticks) {where}"), TimeSpan.Zero), rows);
    }

    private async Task RowsAtLeastAsync(string recording, long rows)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (VideoRows(recording).Rows < rows)
        {
            Assert.True(DateTime.UtcNow < deadline, $"PostgreSQL holds {VideoRows(recording).Rows} of {rows} video rows");
            await Task.Delay(100); // the engine's index worker writes asynchronously: polling PostgreSQL with a deadline
        }
    }

    /// <summary>
    /// GetRecordingInformation with the video rows PostgreSQL holds at that moment (read before and after the answer,
    /// retried until no row came in between: the span's last segment may still be being indexed).
    /// </summary>
    private async Task<(XElement Information, (DateTimeOffset From, DateTimeOffset To, long Rows) Video)> ConsistentAsync(OnvifSoapClient search, string recording)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var rows = VideoRows(recording);
            var information = await InformationAsync(search, recording);
            if (VideoRows(recording) == rows)
            {
                return (information, rows);
            }

            Assert.True(DateTime.UtcNow < deadline, "the video rows never held still");
            await Task.Delay(100); // a segment was indexed meanwhile: read again (polling with a deadline)
        }
    }

    private static async Task<XElement> InformationAsync(OnvifSoapClient search, string recording) =>
        (await search.CallAsync("GetRecordingInformation", $"<RecordingToken>{recording}</RecordingToken>")).Element(Tse + "RecordingInformation")!;

    private static async Task<XElement> MediaAttributesAsync(OnvifSoapClient search, string recording, DateTimeOffset at) =>
        (await search.CallAsync("GetMediaAttributes", $"<RecordingTokens>{recording}</RecordingTokens><Time>{XmlConvert.ToString(at.UtcDateTime, XmlDateTimeSerializationMode.Utc)}</Time>"))
            .Element(Tse + "MediaAttributes")!;

    private static async Task<List<string>> FindRecordingsAsync(OnvifSoapClient search, string filter)
    {
        var scope = $"<Scope><tt:RecordingInformationFilter>{filter}</tt:RecordingInformationFilter></Scope>";
        var token = (await search.CallAsync("FindRecordings", scope + "<KeepAliveTime>PT10S</KeepAliveTime>")).Text(Tse + "SearchToken");
        var list = (await search.CallAsync("GetRecordingSearchResults", $"<SearchToken>{token}</SearchToken><WaitTime>PT10S</WaitTime>")).Element(Tse + "ResultList")!;
        Assert.Equal("Completed", list.Text(Tt + "SearchState"));
        return [.. list.Elements(Tt + "RecordingInformation").Select(r => r.Text(Tt + "RecordingToken")).Order(StringComparer.Ordinal)];
    }

    private static XElement Track(XElement information, string token) =>
        information.Elements(Tt + "Track").Single(t => t.Text(Tt + "TrackToken") == token);

    private static DateTimeOffset Time(XElement element, string name) =>
        new(XmlConvert.ToDateTime(element.Elements().First(e => e.Name.LocalName == name).Value, XmlDateTimeSerializationMode.Utc));
}
