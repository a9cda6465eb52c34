using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Nvr.Codecs.Mp4;
using Nvr.Codecs.Mp4.Reading;
using Nvr.Control.Recordings.Model;
using Nvr.Control.Search;
using Nvr.Fuzzing.Targets;
using Nvr.Pipeline.Depacketizers;
using Nvr.Protocol.Device;
using Nvr.Protocol.Search;
using Nvr.Protocol.Security;
using Nvr.Protocol.Soap;
using Nvr.Recording.Triggers;
using Nvr.Scheduling.Calendar;
using Nvr.Scheduling.Faults;

namespace Nvr.Fuzzing.Tests;

/// <summary>
/// What fuzzing found, fixed in the production parsers: each input (minimised; also kept in the corpus as
/// <c>regression-*</c>) now gets the parser's documented, bounded rejection.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FuzzFindingTests
{
    private static byte[] Regression(string target, string name) =>
        File.ReadAllBytes(Path.Combine(FuzzSmoke.CorpusRoot, target, $"regression-{name}.bin"));

    /// <summary>
    /// access-policy long run (2026-12-04): an XML declaration cut short and followed by 0xCE bytes makes System.Xml
    /// throw ArgumentOutOfRangeException (not XmlException) while it switches encodings. Every reader of outside XML
    /// gives its documented rejection: the policy file, the SOAP guard, the WS-Discovery datagram, the UsernameToken target.
    /// </summary>
    [Fact]
    public async Task An_xml_declaration_with_a_broken_encoding_is_rejected_as_not_xml_by_every_xml_reader()
    {
        var input = Regression("access-policy", "xml-declaration-broken-encoding");
        Assert.StartsWith("the policy file is not XML", Assert.Throws<FormatException>(() => AccessPolicyDocument.Parse(input)).Message, StringComparison.Ordinal);
        Assert.Null(Nvr.Protocol.Discovery.DiscoveryMessages.Parse(input));
        new UsernameTokenTarget().Run(Regression("ws-username-token", "xml-declaration-broken-encoding"));

        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/onvif/device_service";
        context.Request.Body = new MemoryStream(input);
        context.Response.Body = new MemoryStream();
        var guard = new SoapGuardMiddleware(_ => throw new InvalidOperationException("must not be handed on"), [DeviceServiceRegistration.Descriptor.Endpoint!]);
        await guard.InvokeAsync(context);
        Assert.Equal(500, context.Response.StatusCode);
        var fault = XDocument.Parse(Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Equal("ter:WellFormed", fault.Descendants(XName.Get("Value", OnvifNamespaces.Envelope)).Last().Value);
    }

    [Fact]
    public async Task A_fault_quoting_a_control_character_is_written_with_a_replacement_character()
    {
        var body = Regression("soap-guard", "control-char-in-fault-reason")[1..];
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/onvif/device_service";
        context.Request.Body = new MemoryStream(body);
        context.Response.Body = new MemoryStream();
        var guard = new SoapGuardMiddleware(_ => throw new InvalidOperationException("must not be handed on"), [DeviceServiceRegistration.Descriptor.Endpoint!]);

        await guard.InvokeAsync(context);

        Assert.Equal(500, context.Response.StatusCode);
        var fault = XDocument.Parse(Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        var reason = fault.Descendants(XName.Get("Text", OnvifNamespaces.Envelope)).Single().Value;
        Assert.StartsWith("the request is not well-formed XML", reason, StringComparison.Ordinal);
        Assert.Contains('\uFFFD', reason);
        Assert.Equal("ter:WellFormed", fault.Descendants(XName.Get("Value", OnvifNamespaces.Envelope)).Last().Value);
    }

    [Fact]
    public async Task Elements_nested_deeper_than_the_limit_are_refused_by_the_guard()
    {
        var body = Regression("soap-guard", "deep-nesting")[1..];
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/onvif/device_service";
        context.Request.Body = new MemoryStream(body);
        context.Response.Body = new MemoryStream();
        var guard = new SoapGuardMiddleware(_ => throw new InvalidOperationException("must not be handed on"), [DeviceServiceRegistration.Descriptor.Endpoint!]);

        await guard.InvokeAsync(context);

        var fault = XDocument.Parse(Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
        Assert.Equal($"the request nests elements deeper than {SoapGuardMiddleware.MaxDepth} levels", fault.Descendants(XName.Get("Text", OnvifNamespaces.Envelope)).Single().Value);
        Assert.Equal("ter:InvalidArgs", fault.Descendants(XName.Get("Value", OnvifNamespaces.Envelope)).Last().Value);
    }

    [Fact]
    public void A_created_time_outside_the_calendar_is_refused_not_thrown()
    {
        Assert.False(UsernameTokenVerifier.TryParseCreated("0001-01-01T00:00:00+14:00", out _));
        Assert.False(UsernameTokenVerifier.TryParseCreated("9999-12-31T23:59:59-14:00", out _));
        Assert.True(UsernameTokenVerifier.TryParseCreated("2026-01-01T12:00:00Z", out var created));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), created);
    }

    [Fact]
    public void A_metadata_document_with_a_malformed_declaration_yields_nothing()
    {
        Assert.Empty(MetadataEventReader.Read(Regression("metadata-event", "bad-xml-declaration"), DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void A_filter_that_fails_only_on_recordings_with_tracks_does_not_match_them()
    {
        var filter = RecordingInformationFilter.Compile(Encoding.UTF8.GetString(Regression("search-xpath", "node-set-error-only-with-tracks")));
        var recording = new RecordingInformation(
            "REC0001", RecordingSource.Empty, null, null, string.Empty,
            [new TrackInformation("VIDEO001", TrackType.Video, string.Empty, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)],
            RecordingStatuses.Stopped, []);

        Assert.False(filter.Matches(recording));
    }

    [Fact]
    public void A_source_filter_that_fails_on_real_items_does_not_match()
    {
        var filter = SourceFilter.TryParse("boolean(//tt:SimpleItem[@Name='Rule'] and count(//tt:SimpleItem)/tt:x)", out var error);

        Assert.Null(error);
        Assert.False(filter!.Matches([new EventItem("Rule", "MyMotion")])); // evaluated only now: a path below a number
    }

    [Fact]
    public void A_calendar_with_an_unknown_time_zone_is_an_invalid_argument()
    {
        var text = Encoding.Latin1.GetString(Regression("icalendar", "unknown-tzid"));

        var fault = Assert.Throws<ScheduleFaultException>(() => ScheduleCalendar.Parse(text, "Standard"));

        Assert.Equal(ScheduleFault.InvalidArgument, fault.Fault);
    }

    [Fact]
    public void An_hourly_rule_in_a_daylight_saving_zone_is_refused_before_it_can_loop()
    {
        var text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20261024T223000\r\nDURATION:PT10M\r\n" +
                   "RRULE:FREQ=MINUTELY;INTERVAL=60\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        var fault = Assert.Throws<ScheduleFaultException>(() => ScheduleCalendar.Parse(text, "Standard"));

        Assert.Equal(ScheduleFault.InvalidArgument, fault.Fault);
        Assert.Contains("every hour in TZID Europe/Berlin", fault.Message, StringComparison.Ordinal);
        new ICalendarTarget().Run(Regression("icalendar", "hourly-tzid-loops-at-dst")); // returns: refused at parse
    }

    [Fact]
    public void An_hourly_rule_in_local_time_is_still_accepted()
    {
        var text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20261024T223000\r\nDURATION:PT10M\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

        Assert.Equal(1, ScheduleCalendar.Parse(text, "Standard").EventCount);
    }

    [Fact]
    public void A_trun_claiming_four_billion_samples_without_fields_is_refused()
    {
        var file = Regression("fmp4-file", "trun-count-without-fields");

        Assert.Throws<InvalidDataException>(() => Fmp4File.Parse(file));
        Assert.Throws<InvalidDataException>(() => FragmentedMp4Reader.Read(file));
    }

    [Theory]
    [InlineData("backwards")]
    [InlineData("forwards")]
    public void Rtp_timestamps_running_past_the_calendar_neither_throw_nor_leave_the_arrival_time(string direction)
    {
        // clock rate 1 (the SDP allows it) and 2^31 steps: 60 units walk 4,000 years back or 200 forward; the mapping
        // saturates at the ends of DateTime instead of throwing, and each such jump is placed at its arrival
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var stream = MediaStreams.Describe(MediaStreams.H264.Replace("H264/90000", "H264/1", StringComparison.Ordinal));
        var times = new List<DateTime>();
        var receiver = new Nvr.Pipeline.Ingest.RtpStreamReceiver(stream, new CheckingSink { Inspect = u => times.Add(u.UtcTime) }, time);
        var input = Regression("rtp-rtcp", $"clock-rate-1-{direction}").AsSpan(1);
        while (input.Length > 4)
        {
            var length = (input[2] << 8) | input[3];
            receiver.OnRtp(input.Slice(4, length));
            input = input[(4 + length)..];
        }

        Assert.True(times.Count > 50);
        var arrival = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(arrival, times[0]);
        Assert.All(times, t => Assert.InRange(t, arrival - Nvr.Pipeline.Rtp.RtpWallClock.BackwardJumpThreshold, arrival + Nvr.Pipeline.Rtp.RtpWallClock.ForwardJumpThreshold));
    }

    [Fact]
    public void A_leap_second_past_the_last_representable_minute_is_not_a_key()
    {
        var text = Encoding.ASCII.GetString(Regression("object-key", "leap-second-at-year-end-9999"));

        Assert.False(Nvr.Storage.Keys.ObjectKeyParser.TryParse(text, out _));
        Assert.Throws<FormatException>(() => Nvr.Storage.Keys.ObjectKeyParser.Parse(text));
        Assert.True(Nvr.Storage.Keys.ObjectKeyParser.TryParse("REC/2016-12-31/23/59-60Z.1.mp4", out var leap)); // still a leap second
        Assert.Equal(new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero), leap.Time);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_slice_header_with_a_field_length_from_a_broken_sps_is_not_an_index_error(int index)
    {
        // found by afl-fuzz: an SPS with log2_max_frame_num_minus4 near 2^32 made the slice reader skip a negative count
        var stream = Regression("h264-slice-header", $"negative-skip-{index}");

        Assert.Null(Record.Exception(() => new H264SliceHeaderTarget().Run(stream))); // Learn/TryMeasure each NAL unit
    }

    [Fact]
    public void A_negative_bit_skip_is_invalid_data()
    {
        var threw = false;
        try
        {
            var reader = new Nvr.Codecs.Bitstream.BitReader([0xFF, 0xFF]);
            reader.Skip(-8);
        }
        catch (InvalidDataException)
        {
            threw = true;
        }

        Assert.True(threw);
    }

    [Fact]
    public void Aac_format_parameters_the_depacketizer_cannot_use_are_a_format_error()
    {
        var stream = MediaStreams.Describe(MediaStreams.Aac.Replace("sizelength=13", "sizelength=33", StringComparison.Ordinal));

        Assert.Throws<FormatException>(() => Depacketizer.Create(stream, new CheckingSink()));
    }
}
