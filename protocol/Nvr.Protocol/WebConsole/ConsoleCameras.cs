using Nvr.Control;
using Nvr.Control.Recordings.Messages;
using Nvr.Control.Recordings.Model;
using ControlRecording = Nvr.Control.Recordings.Model.Recording;

namespace Nvr.Protocol.WebConsole;

/// <summary>A camera as the console shows it: a recording with its job(s), receiver and live state. No credentials.</summary>
public sealed record CameraView(
    string Recording, string Name, string Location, string Source, string? Storage, string? Format, double? SegmentSeconds,
    double RetentionSeconds, string? Job, string? Mode, string? State, IReadOnlyList<string> Tracks);

/// <summary>What "add camera" asks for.</summary>
public sealed record AddCameraRequest(string Name, string Uri, string? Username, string? Password, double? SegmentSeconds, string? Storage, double? RetentionSeconds);

/// <summary>
/// The console's camera operations, done with the same control-plane commands the ONVIF recording and receiver
/// services send (seed Example 1: CreateRecording, CreateRecordingJob with an auto-created receiver,
/// ConfigureReceiver, the job's mode set Active), so every rule of the control plane applies unchanged.
/// </summary>
public sealed class ConsoleCameras(ControlPlane control, string? defaultStorage)
{
    public async Task<IReadOnlyList<CameraView>> ListAsync(CancellationToken cancellationToken)
    {
        var recordings = await control.AskAsync<RecordingsReply>(GetRecordings.Instance, cancellationToken);
        var jobs = await control.AskAsync<RecordingJobsReply>(GetRecordingJobs.Instance, cancellationToken);
        var receivers = (await control.AskAsync<ReceiversReply>(GetReceivers.Instance, cancellationToken)).Receivers.ToDictionary(r => r.Token, StringComparer.Ordinal);
        var views = new List<CameraView>();
        foreach (var recording in recordings.Recordings)
        {
            var job = jobs.Jobs.FirstOrDefault(j => j.Configuration.RecordingToken == recording.Token);
            string? state = null;
            var source = string.Empty;
            if (job is not null)
            {
                state = (await control.AskAsync<JobStateReply>(new GetRecordingJobState(job.Token), cancellationToken)).State.State;
                var receiver = job.Configuration.Sources.Select(s => s.SourceToken?.Token).FirstOrDefault(t => t is not null);
                if (receiver is not null && receivers.TryGetValue(receiver, out var r))
                {
                    source = WithoutCredentials(r.Configuration.MediaUri);
                }
            }

            var configuration = recording.Configuration;
            views.Add(new CameraView(
                recording.Token, configuration.Source.Name, configuration.Source.Location, source, configuration.Target?.Storage, configuration.Target?.Format,
                configuration.Target?.SegmentDuration.TotalSeconds, configuration.MaximumRetentionTime.TotalSeconds, job?.Token, job?.Configuration.Mode, state,
                [.. recording.Tracks.Select(t => t.Token)]));
        }

        return views;
    }

    public async Task<CameraView> AddAsync(AddCameraRequest request, CancellationToken cancellationToken)
    {
        var uri = WithCredentials(request.Uri, request.Username, request.Password);
        var segment = TimeSpan.FromSeconds(request.SegmentSeconds ?? 60);
        var storage = request.Storage ?? defaultStorage;
        var target = storage is null ? null : new Nvr.Control.Recordings.Model.RecordingTarget(storage, TargetFormats.Mp4, null, null, null, segment, []);
        var source = new RecordingSource(request.Name, request.Name, string.Empty, "added in the web console", WithoutCredentials(request.Uri));
        var configuration = new RecordingConfiguration(source, request.Name, TimeSpan.FromSeconds(request.RetentionSeconds ?? 0), target);
        var recording = (await control.AskAsync<RecordingCreatedReply>(new CreateRecording(configuration), cancellationToken)).RecordingToken;

        // the tracks named as a client does in seed Example 1: the camera's video and audio into the recording's
        // first video and audio track (a defaulted metadata track without a stream would leave the job PartiallyActive)
        var created = await FindAsync(recording, cancellationToken);
        var tracks = new List<RecordingJobTrack>();
        foreach (var (tag, type) in new[] { ("video", TrackType.Video), ("audio", TrackType.Audio) })
        {
            if (created?.Tracks.FirstOrDefault(t => t.Configuration.TrackType == type) is { } track)
            {
                tracks.Add(new RecordingJobTrack(tag, track.Token));
            }
        }

        var jobSource = new RecordingJobSource(null, true, tracks);
        var job = await control.AskAsync<JobCreatedReply>(
            new CreateRecordingJob(new RecordingJobConfiguration(recording, RecordingJobConfiguration.Idle, 1, [jobSource], null, null)), cancellationToken);
        var receiver = job.Configuration.Sources[0].SourceToken?.Token
            ?? throw new InvalidOperationException("the control plane did not auto-create a receiver");
        await control.AskAsync<CommandDone>(
            new ConfigureReceiver(receiver, new ReceiverConfiguration(ReceiverModes.AutoConnect, uri, StreamSetupWords.RtpUnicast, StreamSetupWords.Rtsp)), cancellationToken);
        await control.AskAsync<CommandDone>(new SetRecordingJobMode(job.JobToken, RecordingJobConfiguration.Active), cancellationToken);
        return (await ListAsync(cancellationToken)).First(c => c.Recording == recording);
    }

    /// <summary>Sets the mode of every job of the recording (Active: record, Idle: stop).</summary>
    public async Task<bool> SetModeAsync(string recording, string mode, CancellationToken cancellationToken)
    {
        var jobs = (await control.AskAsync<RecordingJobsReply>(GetRecordingJobs.Instance, cancellationToken)).Jobs.Where(j => j.Configuration.RecordingToken == recording).ToList();
        foreach (var job in jobs)
        {
            await control.AskAsync<CommandDone>(new SetRecordingJobMode(job.Token, mode), cancellationToken);
        }

        return jobs.Count > 0;
    }

    /// <summary>Deletes the recording (its jobs and auto-created receivers go with it, seed 5.3.2).</summary>
    public Task DeleteAsync(string recording, CancellationToken cancellationToken) =>
        control.AskAsync<CommandDone>(new DeleteRecording(recording), cancellationToken);

    public async Task<ControlRecording?> FindAsync(string recording, CancellationToken cancellationToken) =>
        (await control.AskAsync<RecordingsReply>(GetRecordings.Instance, cancellationToken)).Recordings.FirstOrDefault(r => r.Token == recording);

    /// <summary>The receiver the recording's first job records from (its live feed), null without a job or source.</summary>
    public async Task<string?> ReceiverOfAsync(string recording, CancellationToken cancellationToken) =>
        (await control.AskAsync<RecordingJobsReply>(GetRecordingJobs.Instance, cancellationToken)).Jobs
            .Where(j => j.Configuration.RecordingToken == recording)
            .SelectMany(j => j.Configuration.Sources)
            .Select(s => s.SourceToken?.Token)
            .FirstOrDefault(t => t is not null);

    public static string WithoutCredentials(string uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && !string.IsNullOrEmpty(parsed.UserInfo)
            ? new UriBuilder(parsed) { UserName = string.Empty, Password = string.Empty }.Uri.ToString()
            : uri;

    private static string WithCredentials(string uri, string? user, string? password)
    {
        if (string.IsNullOrEmpty(user) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return uri;
        }

        return new UriBuilder(parsed) { UserName = Uri.EscapeDataString(user), Password = Uri.EscapeDataString(password ?? string.Empty) }.Uri.ToString();
    }
}
