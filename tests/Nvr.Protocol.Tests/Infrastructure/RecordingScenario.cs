using static Nvr.Protocol.Tests.Infrastructure.RequestXml;

namespace Nvr.Protocol.Tests.Infrastructure;

/// <summary>
/// The SOAP calls of a client setting up a recording of an RTSP camera (seed 5.3.1, receiver 5.2, 5.3.3):
/// CreateRecording with a Target, CreateReceiver, CreateRecordingJob mapping SourceTag video/audio to the tracks.
/// </summary>
public sealed record RecordingScenario(string Recording, string Receiver, string Job)
{
    public static async Task<RecordingScenario> CreateAsync(
        OnvifSoapClient recordingClient, OnvifSoapClient receiverClient, string name, string storage, string format, string prefix, string segmentDuration, string mediaUri, string mode = "Active")
    {
        var target = $"<tt:Target><tt:Storage>{storage}</tt:Storage><tt:Format>{format}</tt:Format><tt:Prefix>{prefix}</tt:Prefix>" +
                     $"<tt:Postfix>camera-5</tt:Postfix><tt:SpanDuration>PT1H</tt:SpanDuration><tt:SegmentDuration>{segmentDuration}</tt:SegmentDuration></tt:Target>";
        var recording = (await recordingClient.CallAsync("CreateRecording", RecordingConfiguration(name, target: target))).Text(Wire.Trc + "RecordingToken");
        var receiver = (await receiverClient.CallAsync("CreateReceiver",
            ReceiverConfiguration("AutoConnect", mediaUri)))
            .Text(Wire.Tt + "Token");
        var source = ReceiverSource(receiver, ("video", "VIDEO001"), ("audio", "AUDIO001"));
        var job = (await recordingClient.CallAsync("CreateRecordingJob", RequestXml.Job(recording, mode, 1, source))).Text(Wire.Trc + "JobToken");
        return new RecordingScenario(recording, receiver, job);
    }

    public Task SetJobModeAsync(OnvifSoapClient recordingClient, string mode) =>
        recordingClient.CallAsync("SetRecordingJobMode", Token("JobToken", Job) + Token("Mode", mode));
}
