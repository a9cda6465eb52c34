using System.Globalization;
using System.Xml.Linq;
using Nvr.Load.Harness;

namespace Nvr.Load.Soak;

/// <summary>
/// What the soak creates over SOAP (recordings with jobs and auto-created receivers, a schedule, a user) and the
/// snapshot of everything a client reads back (GetRecordings, GetRecordingJobs, GetReceivers, GetSchedules, GetUsers),
/// compared as text after every restart.
/// </summary>
public sealed class SoakConfiguration(LoadSoapClient soap, string baseUrl)
{
    public const string Tds = "http://www.onvif.org/ver10/device/wsdl";
    public const string Tsc = "http://www.onvif.org/ver10/schedule/wsdl";
    public const string Tse = "http://www.onvif.org/ver10/search/wsdl";
    private static readonly XNamespace Tt = LoadSoapClient.Tt;
    private static readonly XNamespace Trc = LoadSoapClient.Trc;

    public string DeviceService => baseUrl + "/onvif/device_service";

    public string ScheduleService => baseUrl + "/onvif/schedule_service";

    public string SearchService => baseUrl + "/onvif/search_service";

    /// <summary>Recording token of each camera.</summary>
    public List<string> Recordings { get; } = [];

    public List<string> Jobs { get; } = [];

    public string? ScheduleToken { get; private set; }

    /// <summary>The storage token camera <paramref name="camera"/> records to: even cameras local disk, odd ones S3.</summary>
    public static string StorageOf(int camera) => camera % 2 == 0 ? "local" : "s3";

    public static string PostfixOf(int camera) => $"cam-{camera}";

    public async Task CreateAsync(int cameras, int segmentSeconds, Func<int, string> cameraUri, CancellationToken cancellationToken)
    {
        for (var i = 0; i < cameras; i++)
        {
            var recording = (await soap.RecordingAsync("CreateRecording", RecordingConfiguration(i, segmentSeconds), cancellationToken)).Element(Trc + "RecordingToken")!.Value;
            var job = await soap.RecordingAsync("CreateRecordingJob",
                $"<trc:JobConfiguration><tt:RecordingToken>{recording}</tt:RecordingToken><tt:Mode>Active</tt:Mode><tt:Priority>1</tt:Priority>" +
                "<tt:Source><tt:AutoCreateReceiver>true</tt:AutoCreateReceiver></tt:Source></trc:JobConfiguration>", cancellationToken);
            var receiver = job.Element(Trc + "JobConfiguration")!.Descendants(Tt + "Token").First().Value;
            await soap.ReceiverAsync("ConfigureReceiver",
                $"<trv:ReceiverToken>{receiver}</trv:ReceiverToken><trv:Configuration><tt:Mode>AutoConnect</tt:Mode><tt:MediaUri>{cameraUri(i)}</tt:MediaUri>" +
                "<tt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream><tt:Transport><tt:Protocol>RTSP</tt:Protocol></tt:Transport></tt:StreamSetup></trv:Configuration>", cancellationToken);
            Recordings.Add(recording);
            Jobs.Add(job.Element(Trc + "JobToken")!.Value);
        }

        // A schedule no job uses (so it changes nothing while recording) and an operator: both must survive every kill.
        ScheduleToken = (await soap.CallAsync(ScheduleService, Tsc, "CreateSchedule",
            "<Schedule token=\"\"><Name>soak-nights</Name><Description>crash soak</Description>" +
            "<Standard>BEGIN:VCALENDAR&#10;BEGIN:VEVENT&#10;SUMMARY:nights&#10;DTSTART:19700105T220000&#10;DTEND:19700106T060000&#10;RRULE:FREQ=DAILY&#10;END:VEVENT&#10;END:VCALENDAR</Standard></Schedule>",
            cancellationToken)).Elements().First(e => e.Name.LocalName == "Token").Value;
        await soap.CallAsync(DeviceService, Tds, "CreateUsers",
            "<User><tt:Username>soak-operator</tt:Username><tt:Password>Soak-Pass-42</tt:Password><tt:UserLevel>Operator</tt:UserLevel></User>", cancellationToken);
    }

    /// <summary>Everything a client reads back, as text.</summary>
    public async Task<string> SnapshotAsync(CancellationToken cancellationToken)
    {
        var parts = new[]
        {
            await soap.RecordingAsync("GetRecordings", string.Empty, cancellationToken),
            await soap.RecordingAsync("GetRecordingJobs", string.Empty, cancellationToken),
            await soap.ReceiverAsync("GetReceivers", string.Empty, cancellationToken),
            await soap.CallAsync(ScheduleService, Tsc, "GetSchedules", $"<Token>{ScheduleToken}</Token>", cancellationToken),
            await soap.CallAsync(DeviceService, Tds, "GetUsers", string.Empty, cancellationToken),
        };
        return string.Join("\n", parts.Select(p => p.ToString(SaveOptions.DisableFormatting)));
    }

    private static string RecordingConfiguration(int camera, int segmentSeconds) =>
        $"<trc:RecordingConfiguration><tt:Source><tt:SourceId>urn:nvr:soak:cam-{camera}</tt:SourceId><tt:Name>cam-{camera}</tt:Name><tt:Location>soak</tt:Location>" +
        $"<tt:Description>simulated camera {camera}</tt:Description><tt:Address>rtsp://127.0.0.1/cam/{camera}</tt:Address></tt:Source>" +
        "<tt:Content>crash soak</tt:Content><tt:MaximumRetentionTime>PT0S</tt:MaximumRetentionTime>" +
        $"<tt:Target><tt:Storage>{StorageOf(camera)}</tt:Storage><tt:Format>MP4</tt:Format><tt:Prefix>soak</tt:Prefix><tt:Postfix>{PostfixOf(camera)}</tt:Postfix>" +
        $"<tt:SpanDuration>PT1H</tt:SpanDuration><tt:SegmentDuration>PT{segmentSeconds.ToString(CultureInfo.InvariantCulture)}S</tt:SegmentDuration></tt:Target></trc:RecordingConfiguration>";
}
