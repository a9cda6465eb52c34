using System.Xml;
using System.Xml.Linq;
using Nvr.Control.Events;
using Nvr.Protocol.Tests.Infrastructure;
using Nvr.Storage.Index;
using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests;

/// <summary>
/// The Recording Search service over SOAP on a recording made from the GStreamer RTSP server: an XPath
/// RecordingInformationFilter finds exactly the expected recordings, GetRecordingInformation's DataFrom/DataTo are
/// the first and last segment times of the index, FindEvents returns the Recording/State start and stop, paging and
/// EndSearch behave as specified, and the faults are the ones the spec names. Every response is schema-validated.
/// </summary>
public sealed class SearchEndToEndTests : IClassFixture<SearchApplianceFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly XNamespace Tse = OnvifSoapClient.Tse;
    private static readonly XNamespace Tt = OnvifSoapClient.Tt;
    private const string Wsnt = "http://docs.oasis-open.org/wsn/b-2";
    private const string ConcreteSet = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";
    private readonly SearchApplianceFixture _fixture;

    public SearchEndToEndTests(SearchApplianceFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_recording_made_over_SOAP_is_found_described_and_its_history_searched()
    {
        var system = _fixture.Host.Control.System;
        using var segments = new EventCollector<SegmentRecordedEvent>(system);
        using var spans = new EventCollector<SpanEndedEvent>(system);
        var recorded = await CreateRecordingAsync("basement-cam", "Basement");
        var empty = await CreateRecordingAsync("basement-spare", "Basement");
        var garage = await CreateRecordingAsync("garage-cam", "Garage");
        var receiver = (await _fixture.Receiver.CallAsync("CreateReceiver", ReceiverConfiguration("AutoConnect", _fixture.RtspUrl("h264")))).Text(Wire.Tt + "Token");
        var job = (await _fixture.Recording.CallAsync("CreateRecordingJob",
            Job(recorded, "Active", 1, ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"))))).Text(Wire.Trc + "JobToken");
        for (var i = 0; i < 3; i++)
        {
            segments.Next(s => s.RecordingToken == recorded && s.Stored, Patience);
        }

        var whileRecording = await InformationAsync(recorded);
        Assert.Equal("Recording", whileRecording.Text(Tt + "RecordingStatus"));
        await _fixture.Recording.CallAsync("SetRecordingJobMode", Token("JobToken", job) + Token("Mode", "Idle"));
        var span = spans.Next(s => s.RecordingToken == recorded, Patience);

        // the index holds every segment of the span: its first and last segment times are what the search reports
        using var index = new RecordedRangeIndex(_fixture.IndexPath);
        var video = await IndexedAsync(index, recorded, "VIDEO001", span.Segments);
        var audio = await IndexedAsync(index, recorded, "AUDIO001", span.Segments);
        var information = await InformationAsync(recorded);
        Assert.Equal("Stopped", information.Text(Tt + "RecordingStatus"));
        Assert.Equal("Basement", information.Element(Tt + "Source")!.Text(Tt + "Location"));
        var tracks = information.Elements(Tt + "Track").ToDictionary(t => t.Text(Tt + "TrackToken"));
        Assert.Equal(["AUDIO001", "VIDEO001"], tracks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Video", tracks["VIDEO001"].Text(Tt + "TrackType"));
        Assert.Equal(video[0].Start, Time(tracks["VIDEO001"], "DataFrom"));
        Assert.Equal(video[^1].End, Time(tracks["VIDEO001"], "DataTo"));
        Assert.Equal(audio[0].Start, Time(tracks["AUDIO001"], "DataFrom"));
        Assert.Equal(audio[^1].End, Time(tracks["AUDIO001"], "DataTo"));
        var earliest = Time(information, "EarliestRecording");
        var latest = Time(information, "LatestRecording");
        Assert.Equal(new[] { video[0].Start, audio[0].Start }.Min(), earliest);
        Assert.Equal(new[] { video[^1].End, audio[^1].End }.Max(), latest);
        Assert.Empty((await InformationAsync(empty)).Elements(Tt + "Track"));
        Assert.Equal("Initiated", (await InformationAsync(empty)).Text(Tt + "RecordingStatus"));

        // FindRecordings with the spec's XPath dialect finds exactly the expected recordings
        Assert.Equal([recorded], await FindRecordingsAsync("boolean(//Source[Location = \"Basement\"]) and boolean(//Track[TrackType = \"Video\"])"));
        Assert.Equal(new[] { recorded, empty }.Order(StringComparer.Ordinal), await FindRecordingsAsync("boolean(//Source[Location = “Basement”])"));
        Assert.Equal([garage], await FindRecordingsAsync("boolean(//Source[Location = \"Garage\"])"));
        Assert.Equal([recorded], await FindRecordingsAsync("boolean(//Track[TrackType = \"Audio\"])", $"<tt:IncludedRecordings>{recorded}</tt:IncludedRecordings><tt:IncludedRecordings>{garage}</tt:IncludedRecordings>"));
        Assert.Equal([recorded], await FindRecordingsAsync(null, $"<tt:IncludedSources><tt:Token>{receiver}</tt:Token></tt:IncludedSources>"));

        var summary = (await _fixture.Search.CallAsync("GetRecordingSummary")).Element(Tse + "Summary")!;
        Assert.True(int.Parse(summary.Text(Tt + "NumberRecordings"), System.Globalization.CultureInfo.InvariantCulture) >= 3);
        Assert.True(Time(summary, "DataFrom") <= earliest && Time(summary, "DataUntil") >= latest);

        var attributes = (await _fixture.Search.CallAsync("GetMediaAttributes",
            $"<RecordingTokens>{recorded}</RecordingTokens><RecordingTokens>{empty}</RecordingTokens><Time>{Utc(earliest + (latest - earliest) / 2)}</Time>")).Elements(Tse + "MediaAttributes").ToList();
        Assert.Equal([recorded], attributes.Select(a => a.Text(Tt + "RecordingToken")));
        Assert.Equal(2, attributes[0].Elements(Tt + "TrackAttributes").Count());

        // FindEvents: Recording/State start and stop at the recorded range's ends, forward then backward
        var topic = $"<SearchFilter><wsnt:TopicExpression xmlns:wsnt=\"{Wsnt}\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\" Dialect=\"{ConcreteSet}\">tns1:RecordingHistory/Recording/State</wsnt:TopicExpression></SearchFilter>";
        var forward = await FindEventsAsync(earliest.AddMinutes(-1), earliest.AddMinutes(10), recorded, topic, includeStartState: false);
        Assert.Equal([(earliest, "true"), (latest, "false")], forward.Select(e => (Time(e, "Time"), IsRecording(e))));
        Assert.All(forward, e => Assert.Equal("false", e.Text(Tt + "StartStateEvent")));
        var backward = await FindEventsAsync(latest.AddMinutes(1), earliest.AddSeconds(1), recorded, topic, includeStartState: true);
        Assert.Equal(
            [(latest.AddMinutes(1), "false", "true"), (latest, "false", "false"), (earliest.AddSeconds(1), "true", "true")],
            backward.Select(e => (Time(e, "Time"), IsRecording(e), e.Text(Tt + "StartStateEvent"))));
        var all = await FindEventsAsync(earliest.AddMinutes(-1), null, recorded, string.Empty, includeStartState: false);
        Assert.Contains(all, e => e.Descendants(Tt + "SimpleItem").Any(i => (string?)i.Attribute("Name") == "IsDataPresent") && e.Text(Tt + "TrackToken") == "VIDEO001");
        Assert.Equal(all.Select(e => Time(e, "Time")).Order(), all.Select(e => Time(e, "Time")));
    }

    [Fact]
    public async Task Results_are_paged_EndSearch_ends_the_session_and_faults_are_as_specified()
    {
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add(await CreateRecordingAsync($"paged-{i}", "Attic"));
        }

        var scope = "<Scope><tt:RecordingInformationFilter>boolean(//Source[Location = \"Attic\"])</tt:RecordingInformationFilter></Scope>";
        var search = (await _fixture.Search.CallAsync("FindRecordings", scope + "<KeepAliveTime>PT10S</KeepAliveTime>")).Text(Tse + "SearchToken");
        var seen = new List<string>();
        var states = new List<string>();
        while (states.LastOrDefault() != "Completed")
        {
            var list = (await _fixture.Search.CallAsync("GetRecordingSearchResults",
                $"<SearchToken>{search}</SearchToken><MinResults>1</MinResults><MaxResults>2</MaxResults><WaitTime>PT5S</WaitTime>")).Element(Tse + "ResultList")!;
            seen.AddRange(list.Elements(Tt + "RecordingInformation").Select(r => r.Text(Tt + "RecordingToken")));
            states.Add(list.Text(Tt + "SearchState"));
            Assert.True(states.Count <= 3, "more pages than results");
        }

        Assert.Equal(tokens.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(["Searching", "Completed"], states);
        Assert.Equal("Sender/InvalidArgVal/InvalidToken", await _fixture.Search.FaultAsync("GetRecordingSearchResults", $"<SearchToken>{search}</SearchToken>"));

        // EndSearch returns a point in time and invalidates the token
        var ended = (await _fixture.Search.CallAsync("FindRecordings", scope + "<MaxMatches>1</MaxMatches><KeepAliveTime>PT10S</KeepAliveTime>")).Text(Tse + "SearchToken");
        Assert.NotEqual(search, ended);
        Assert.Contains((await _fixture.Search.CallAsync("GetSearchState", $"<SearchToken>{ended}</SearchToken>")).Text(Tse + "State"), new[] { "Searching", "Completed" });
        XmlConvert.ToDateTime((await _fixture.Search.CallAsync("EndSearch", $"<SearchToken>{ended}</SearchToken>")).Text(Tse + "Endpoint"), XmlDateTimeSerializationMode.Utc);
        Assert.Equal("Sender/InvalidArgVal/InvalidToken", await _fixture.Search.FaultAsync("EndSearch", $"<SearchToken>{ended}</SearchToken>"));
        Assert.Equal("Sender/InvalidArgVal/InvalidToken", await _fixture.Search.FaultAsync("GetSearchState", $"<SearchToken>{ended}</SearchToken>"));

        // faults the spec names
        Assert.Equal("Sender/InvalidArgVal/InvalidToken", await _fixture.Search.FaultAsync("GetRecordingInformation", "<RecordingToken>no-such-recording</RecordingToken>"));
        Assert.Equal("Sender/InvalidArgVal/InvalidToken", await _fixture.Search.FaultAsync("GetMediaAttributes", "<RecordingTokens>no-such-recording</RecordingTokens><Time>2026-01-01T00:00:00Z</Time>"));
        Assert.Equal("Sender/InvalidArgVal/InvalidFilterFault", await _fixture.Search.FaultAsync("FindRecordings",
            "<Scope><tt:RecordingInformationFilter>boolean(//Track[TrackType = </tt:RecordingInformationFilter></Scope><KeepAliveTime>PT10S</KeepAliveTime>"));
        Assert.Equal("Sender/InvalidArgVal/InvalidToken", await _fixture.Search.FaultAsync("FindRecordings",
            "<Scope><tt:IncludedRecordings>no-such-recording</tt:IncludedRecordings></Scope><KeepAliveTime>PT10S</KeepAliveTime>"));
        Assert.Equal("Sender/InvalidArgVal/InvalidSource", await _fixture.Search.FaultAsync("FindRecordings",
            "<Scope><tt:IncludedSources><tt:Token>no-such-source</tt:Token></tt:IncludedSources></Scope><KeepAliveTime>PT10S</KeepAliveTime>"));
        Assert.Equal("Sender/InvalidArgVal/InvalidFilterFault", await _fixture.Search.FaultAsync("FindEvents",
            $"<StartPoint>2026-01-01T00:00:00Z</StartPoint><Scope/><SearchFilter><wsnt:TopicExpression xmlns:wsnt=\"{Wsnt}\" Dialect=\"urn:unknown\">x</wsnt:TopicExpression></SearchFilter><IncludeStartState>false</IncludeStartState><KeepAliveTime>PT10S</KeepAliveTime>"));
        Assert.Equal("Receiver/ActionNotSupported/NotImplemented", await _fixture.Search.FaultAsync("FindPTZPosition",
            "<StartPoint>2026-01-01T00:00:00Z</StartPoint><Scope/><SearchFilter><tt:MinPosition/><tt:MaxPosition/><tt:EnterOrExit>false</tt:EnterOrExit></SearchFilter><KeepAliveTime>PT10S</KeepAliveTime>"));
        Assert.Equal("Receiver/ActionNotSupported/NotImplemented", await _fixture.Search.FaultAsync("FindMetadata",
            "<StartPoint>2026-01-01T00:00:00Z</StartPoint><Scope/><MetadataFilter><tt:MetadataStreamFilter>boolean(//Object)</tt:MetadataStreamFilter></MetadataFilter><KeepAliveTime>PT10S</KeepAliveTime>"));

        // a bounded number of concurrent searches: the next one is refused with ter:ResourceProblem
        var open = new List<string>();
        string? refused = null;
        while (refused is null && open.Count <= 64)
        {
            try
            {
                open.Add((await _fixture.Search.CallAsync("FindRecordings", scope + "<KeepAliveTime>PT60S</KeepAliveTime>")).Text(Tse + "SearchToken"));
            }
            catch (System.ServiceModel.FaultException fault)
            {
                refused = OnvifSoapClient.FaultChain(fault);
            }
        }

        Assert.Equal("Receiver/Action/ResourceProblem", refused);
        foreach (var token in open)
        {
            await _fixture.Search.CallAsync("EndSearch", $"<SearchToken>{token}</SearchToken>");
        }

        Assert.Equal("false", (string?)(await _fixture.Search.CallAsync("GetServiceCapabilities")).Element(Tse + "Capabilities")!.Attribute("MetadataSearch"));
    }

    private async Task<string> CreateRecordingAsync(string name, string location)
    {
        var configuration =
            $"<trc:RecordingConfiguration><tt:Source><tt:SourceId>urn:uuid:{name}</tt:SourceId><tt:Name>{name}</tt:Name><tt:Location>{location}</tt:Location>" +
            "<tt:Description>search test</tt:Description><tt:Address>http://127.0.0.1/onvif/device_service</tt:Address></tt:Source>" +
            $"<tt:Content>search</tt:Content><tt:MaximumRetentionTime>PT1H</tt:MaximumRetentionTime>{Target("MP4", "PT3S", storage: "local", postfix: name)}</trc:RecordingConfiguration>";
        return (await _fixture.Recording.CallAsync("CreateRecording", configuration)).Text(Wire.Trc + "RecordingToken");
    }

    private async Task<XElement> InformationAsync(string recording) =>
        (await _fixture.Search.CallAsync("GetRecordingInformation", $"<RecordingToken>{recording}</RecordingToken>")).Element(Tse + "RecordingInformation")!;

    private async Task<List<string>> FindRecordingsAsync(string? filter, string included = "")
    {
        var scope = $"<Scope>{included}" + (filter is null ? string.Empty : $"<tt:RecordingInformationFilter>{filter}</tt:RecordingInformationFilter>") + "</Scope>";
        var token = (await _fixture.Search.CallAsync("FindRecordings", scope + "<KeepAliveTime>PT10S</KeepAliveTime>")).Text(Tse + "SearchToken");
        var list = (await _fixture.Search.CallAsync("GetRecordingSearchResults", $"<SearchToken>{token}</SearchToken><WaitTime>PT10S</WaitTime>")).Element(Tse + "ResultList")!;
        Assert.Equal("Completed", list.Text(Tt + "SearchState"));
        return list.Elements(Tt + "RecordingInformation").Select(r => r.Text(Tt + "RecordingToken")).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<List<XElement>> FindEventsAsync(DateTimeOffset start, DateTimeOffset? end, string recording, string filter, bool includeStartState)
    {
        var request = $"<StartPoint>{Utc(start)}</StartPoint>" + (end is { } e ? $"<EndPoint>{Utc(e)}</EndPoint>" : string.Empty) +
            $"<Scope><tt:IncludedRecordings>{recording}</tt:IncludedRecordings></Scope>{(filter.Length > 0 ? filter : "<SearchFilter/>")}" +
            $"<IncludeStartState>{(includeStartState ? "true" : "false")}</IncludeStartState><KeepAliveTime>PT10S</KeepAliveTime>";
        var token = (await _fixture.Search.CallAsync("FindEvents", request)).Text(Tse + "SearchToken");
        var results = new List<XElement>();
        for (var state = string.Empty; state != "Completed";)
        {
            var list = (await _fixture.Search.CallAsync("GetEventSearchResults", $"<SearchToken>{token}</SearchToken><MaxResults>3</MaxResults><WaitTime>PT10S</WaitTime>")).Element(Tse + "ResultList")!;
            results.AddRange(list.Elements(Tt + "Result"));
            state = list.Text(Tt + "SearchState");
        }

        return results;
    }

    /// <summary>The index rows of a track once all of the span's segments are in (the index worker writes asynchronously).</summary>
    private static async Task<IReadOnlyList<RecordedSegment>> IndexedAsync(RecordedRangeIndex index, string recording, string track, long segments)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var rows = index.GetSegments(recording, track);
            if (rows.Count >= segments)
            {
                return rows;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the index holds {rows.Count} of {segments} segments of {track}");
            await Task.Delay(100);
        }
    }

    private static string IsRecording(XElement result) =>
        (string)result.Descendants(Tt + "SimpleItem").Single(i => (string?)i.Attribute("Name") == "IsRecording").Attribute("Value")!;

    private static DateTimeOffset Time(XElement element, string name) =>
        new(XmlConvert.ToDateTime(element.Elements().First(e => e.Name.LocalName == name).Value, XmlDateTimeSerializationMode.Utc));

    private static string Utc(DateTimeOffset time) => XmlConvert.ToString(time.UtcDateTime, XmlDateTimeSerializationMode.Utc);
}
