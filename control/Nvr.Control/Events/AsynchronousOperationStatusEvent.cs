using System.Globalization;
using Nvr.Control.Exports;

namespace Nvr.Control.Events;

/// <summary>
/// Topic tns1:Monitoring/AsynchronousOperationStatus (Core, "Asynchronous Operation Status"; seed 5.21): the progress
/// of an ExportRecordedData operation. Source: Token, OperationName, ServiceName; Data: Progress [0.0, 1.0] and
/// FileProgressStatus (an element item, tt:ArrayOfFileProgress). The optional Error element is not sent.
/// </summary>
public sealed record AsynchronousOperationStatusEvent(
    DateTimeOffset UtcTime, string Token, string OperationName, string ServiceName, double Progress, IReadOnlyList<ExportFileProgress> Files)
    : OnvifEvent("Monitoring/AsynchronousOperationStatus", true, UtcTime)
{
    public const string RecordingServiceName = "http://www.onvif.org/ver10/recording/wsdl";

    public override IReadOnlyList<EventItem> SourceItems =>
        [new EventItem("Token", Token), new EventItem("OperationName", OperationName), new EventItem("ServiceName", ServiceName)];

    public override IReadOnlyList<EventItem> DataItems => [new EventItem("Progress", ((float)Progress).ToString("R", CultureInfo.InvariantCulture))];

    public override IReadOnlyList<EventElementItem> ElementItems => [new EventElementItem("FileProgressStatus", Files)];
}
