using Akka.Actor;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using static Nvr.Control.Tests.ControlFixtures;

namespace Nvr.Control.Tests;

/// <summary>
/// A burst of configuration changes touching every kind of persisted event, and a comparison of everything a
/// client can read back, used to prove recovery on SQLite and PostgreSQL alike.
/// </summary>
internal static class RecoveryScenario
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(IActorRef control, int extraRecordings = 0)
    {
        var target = new RecordingTarget("local", "MP4", "site-2", "camera-5", TimeSpan.FromHours(1), TimeSpan.FromSeconds(60),
            [new EncryptionEntry("CENC", "00112233445566778899AABBCCDDEEFF", Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(), ["VIDEO001"])]);
        var r1 = (await Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording("one")))).RecordingToken;
        var r2 = (await Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording("two")))).RecordingToken;
        var deleted = (await Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording("gone")))).RecordingToken;
        await Ask<CommandDone>(control, new SetRecordingConfiguration(r1, CameraRecording("one") with { Target = target, MaximumRetentionTime = TimeSpan.FromDays(7) }));
        // A key rotation: the first KID's key is retired, not forgotten (its segments still need it).
        var rotated = target with { Encryption = [new EncryptionEntry("CENC", "FFEEDDCCBBAA99887766554433221100", Enumerable.Range(17, 16).Select(i => (byte)i).ToArray(), ["VIDEO001"])] };
        await Ask<CommandDone>(control, new SetRecordingConfiguration(r1, CameraRecording("one") with { Target = rotated, MaximumRetentionTime = TimeSpan.FromDays(7) }));
        var extraVideo = (await Ask<TrackCreatedReply>(control, new CreateTrack(r1, new TrackConfiguration(TrackType.Video, "low res")))).TrackToken;
        await Ask<CommandDone>(control, new SetTrackConfiguration(r1, "AUDIO001", new TrackConfiguration(TrackType.Audio, "microphone")));
        var gone = (await Ask<TrackCreatedReply>(control, new CreateTrack(r2, new TrackConfiguration(TrackType.Metadata, "x")))).TrackToken;
        await Ask<CommandDone>(control, new DeleteTrack(r2, gone));
        var receiver = (await Ask<ReceiverCreatedReply>(control, new CreateReceiver(new ReceiverConfiguration("AlwaysConnect", "rtsp://127.0.0.1:8554/h264", "RTP-Unicast", "RTSP")))).ReceiverToken;
        var j1 = (await Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(r1, "Active", 3, "VIDEO001", extraVideo)))).JobToken;
        await Ask<JobCreatedReply>(control, new CreateRecordingJob(new RecordingJobConfiguration(r2, "Idle", 1,
            [new RecordingJobSource(new SourceReference(receiver, SourceReference.ReceiverType), null, [])], null, "sched-1")));
        await Ask<CommandDone>(control, new SetRecordingJobMode(j1, "Idle"));
        await Ask<JobCreatedReply>(control, new CreateRecordingJob(AutoJob(deleted, "Active", 1)));
        await Ask<CommandDone>(control, new DeleteRecording(deleted));
        for (var i = 0; i < extraRecordings; i++)
        {
            var token = (await Ask<RecordingCreatedReply>(control, new CreateRecording(CameraRecording($"bulk-{i}")))).RecordingToken;
            await Ask<CommandDone>(control, new DeleteRecording(token));
        }
    }

    /// <summary>Everything a client can read, rendered as text for an exact comparison.</summary>
    public static async Task<string> SnapshotAsync(IActorRef control)
    {
        var recordings = await Ask<RecordingsReply>(control, GetRecordings.Instance);
        var jobs = await Ask<RecordingJobsReply>(control, GetRecordingJobs.Instance);
        var receivers = await Ask<ReceiversReply>(control, GetReceivers.Instance);
        var text = new System.Text.StringBuilder();
        foreach (var r in recordings.Recordings)
        {
            text.AppendLine($"{r.Token} {r.Configuration} {string.Join(",", r.Configuration.Target?.Encryption.Select(e => e.Kid + "/" + string.Join("+", e.Tracks)) ?? [])}");
            text.AppendLine("  tracks " + string.Join(",", r.Tracks.Select(t => $"{t.Token}:{t.Configuration.TrackType}:{t.Configuration.Description}")));
            var keys = await Ask<Nvr.Control.Exports.RecordingKeysReply>(control, new Nvr.Control.Exports.GetRecordingKeys(r.Token));
            text.AppendLine("  keys " + string.Join(",", keys.Keys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={Convert.ToHexString(k.Value)}")));
        }

        foreach (var j in jobs.Jobs)
        {
            var state = await Ask<JobStateReply>(control, new GetRecordingJobState(j.Token));
            text.AppendLine($"{j.Token} {j.Configuration.RecordingToken} {j.Configuration.Mode} {j.Configuration.Priority} {j.Configuration.ScheduleToken} " +
                string.Join(";", j.Configuration.Sources.Select(s => $"{s.SourceToken?.Token}:{string.Join(",", s.Tracks.Select(t => t.SourceTag + ">" + t.Destination))}")) +
                $" state={state.State.State}");
        }

        foreach (var r in receivers.Receivers)
        {
            text.AppendLine(r.ToString());
        }

        return text.ToString();
    }

    public static async Task<T> Ask<T>(IActorRef actor, object command)
    {
        var reply = await actor.Ask<object>(command, Timeout);
        return reply is T typed ? typed : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {reply}");
    }
}
