using Akka.Actor;
using Akka.Event;
using Nvr.Control.Events;
using Nvr.Control.Recordings.Messages;
using Nvr.Recording.Export;
using Nvr.Storage.Configuration;
using Nvr.Storage.Export;
using Nvr.Storage.Index;

namespace Nvr.Control.Exports;

/// <summary>
/// Owns the running and finished exports (seed 5.21–5.23): plans each from the recorded-range index, runs it on its
/// own task (one run after the other, file by file), keeps its state from the progress the task reports, stops it on
/// request, pins the objects it reads against retention (<see cref="ExportPins"/>), and publishes
/// <see cref="AsynchronousOperationStatusEvent"/> on every step and, at the end, <see cref="ExportFinished"/> on the event stream.
/// Finished exports stay queryable (the last <see cref="KeepFinished"/>).
/// </summary>
public sealed class ExportSupervisorActor : ReceiveActor
{
    public const int KeepFinished = 64;

    private readonly RecordedRangeIndex _index;
    private readonly StorageCatalog _storages;
    private readonly RecordedObjectReader _reader;
    private readonly string _staging;
    private readonly TimeProvider _time;
    private readonly ExportPins _pins;
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Queue<string> _finished = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly long _bytesPerSecond;
    private long _next;

    public ExportSupervisorActor(RecordedRangeIndex index, StorageCatalog storages, string spoolRoot, string staging, TimeProvider time, ExportPins pins, long bytesPerSecond)
    {
        _bytesPerSecond = bytesPerSecond;
        _index = index;
        _storages = storages;
        _reader = new RecordedObjectReader(storages, spoolRoot);
        _staging = staging;
        _time = time;
        _pins = pins;
        Receive<RunExport>(OnRun);
        Receive<GetExportState>(m => ReplyState(m.OperationToken));
        Receive<StopExport>(m =>
        {
            if (_jobs.TryGetValue(m.OperationToken, out var job) && job.Status == "Running")
            {
                job.Cancel.Cancel();
                job.Status = "Stopped";
                Publish(job);
            }

            ReplyState(m.OperationToken);
        });
        Receive<Progressed>(m =>
        {
            if (!_jobs.TryGetValue(m.Token, out var job)) return;
            job.Apply(m);
            if (job.Status == "Running" || m.Kind == ProgressKind.Ended) Publish(job);
            if (m.Kind == ProgressKind.Ended) Finish(job, m.Failure);
        });
    }

    /// <param name="bytesPerSecond">Read rate limit (0: unlimited): after each object, the export waits its share of time.</param>
    public static Props Props(RecordedRangeIndex index, StorageCatalog storages, string spoolRoot, string staging, TimeProvider time, ExportPins pins, long bytesPerSecond = 0) =>
        Akka.Actor.Props.Create(() => new ExportSupervisorActor(index, storages, spoolRoot, staging, time, pins, bytesPerSecond));

    private void OnRun(RunExport run)
    {
        var request = run.Request;
        if (!ExportDestination.TryCreate(_storages, request.StorageToken, request.RelativePath, _staging, out var destination, out var reason))
        {
            Sender.Tell(new CommandRejected(ControlFault.BadConfiguration, reason));
            Context.System.EventStream.Publish(new ExportFinished(string.Empty, run.Recordings, "Rejected"));
            return;
        }

        var runs = run.Recordings.SelectMany(r => ExportPlanner.Plan(r, _index.GetRecordingSegments(r), request.StartPoint, request.EndPoint)).ToList();
        var token = $"export-{++_next}";
        var job = new Job(token, run.Recordings, runs.Select(r => (destination!.NameOf(r.FileName), r.Bytes)).ToList());
        _jobs[token] = job;
        foreach (var o in runs.SelectMany(r => r.Objects)) _pins.Pin(o.Storage, o.Key);
        job.Pinned = runs.SelectMany(r => r.Objects).Select(o => (o.Storage, o.Key)).ToList();
        Sender.Tell(new ExportStarted(token, job.PlannedNames));
        var self = Self;
        var reader = _reader;
        var rate = _bytesPerSecond;
        var time = _time;
        var exporter = new RecordingExporter(
            async (o, ct) =>
            {
                var bytes = await reader.ReadAsync(o.Storage, o.Key, ct).ConfigureAwait(false);
                if (rate > 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)bytes.Length / rate), time, ct).ConfigureAwait(false);
                }

                return bytes;
            },
            run.Keys);
        var sink = new ProgressSink(token, self);
        _ = Task.Run(async () =>
        {
            string? failure = null;
            try
            {
                foreach (var r in runs)
                {
                    await exporter.ExportAsync(r, destination!, sink, job.Cancel.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                failure = null;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Amazon.S3.AmazonS3Exception or Amazon.Runtime.AmazonServiceException or ArgumentException or InvalidOperationException)
            {
                failure = e.Message;
            }

            self.Tell(new Progressed(token, ProgressKind.Ended, null, 0, failure));
        });
    }

    private void Finish(Job job, string? failure)
    {
        if (job.Status == "Running") job.Status = failure is null ? "Completed" : "Failed";
        if (failure is not null) _log.Warning("export {0} failed: {1}", job.Token, failure);
        foreach (var (storage, key) in job.Pinned) _pins.Unpin(storage, key);
        job.Pinned = [];
        Publish(job);
        Context.System.EventStream.Publish(new ExportFinished(job.Token, job.Recordings, job.Status));
        _finished.Enqueue(job.Token);
        while (_finished.Count > KeepFinished) _jobs.Remove(_finished.Dequeue());
    }

    private void ReplyState(string token)
    {
        if (_jobs.TryGetValue(token, out var job))
        {
            Sender.Tell(job.State());
        }
        else
        {
            Sender.Tell(new CommandRejected(ControlFault.BadConfiguration, $"export operation '{token}' does not exist"));
        }
    }

    private void Publish(Job job)
    {
        var state = job.State();
        Context.System.EventStream.Publish(new AsynchronousOperationStatusEvent(
            _time.GetUtcNow(), job.Token, "ExportRecordedData", AsynchronousOperationStatusEvent.RecordingServiceName, state.Progress, state.Files));
    }

    private enum ProgressKind { FileStarted, Bytes, FileCompleted, Ended }

    private sealed record Progressed(string Token, ProgressKind Kind, string? File, long Bytes, string? Failure);

    private sealed class ProgressSink(string token, IActorRef supervisor) : IExportProgress
    {
        public void FileStarted(string name) => supervisor.Tell(new Progressed(token, ProgressKind.FileStarted, name, 0, null));

        public void BytesDone(long bytes) => supervisor.Tell(new Progressed(token, ProgressKind.Bytes, null, bytes, null));

        public void FileCompleted(string name) => supervisor.Tell(new Progressed(token, ProgressKind.FileCompleted, name, 0, null));
    }

    /// <summary>One export: its planned files with the recorded bytes each one is made of (the measure of its progress).</summary>
    private sealed class Job(string token, IReadOnlyList<string> recordings, IReadOnlyList<(string Name, long Bytes)> plannedFiles)
    {
        private readonly IReadOnlyList<string> _plannedNames = plannedFiles.Select(f => f.Name).ToList();
        private readonly long _totalBytes = plannedFiles.Sum(f => f.Bytes);
        private readonly List<string> _files = [];
        private readonly HashSet<string> _complete = new(StringComparer.Ordinal);
        private long _done;
        private long _fileStartBytes;
        private string? _current;

        public string Token => token;
        public IReadOnlyList<string> Recordings => recordings;
        public IReadOnlyList<string> PlannedNames => _plannedNames;
        public CancellationTokenSource Cancel { get; } = new();
        public string Status { get; set; } = "Running";
        public List<(string Storage, string Key)> Pinned { get; set; } = [];

        public void Apply(Progressed m)
        {
            switch (m.Kind)
            {
                case ProgressKind.FileStarted:
                    _current = m.File;
                    _fileStartBytes = _done;
                    if (!_files.Contains(m.File!)) _files.Add(m.File!);
                    break;
                case ProgressKind.Bytes:
                    _done += m.Bytes;
                    break;
                case ProgressKind.FileCompleted:
                    _complete.Add(m.File!);
                    _current = null;
                    break;
            }
        }

        public ExportState State()
        {
            double progress = Status == "Completed" ? 1.0 : _totalBytes == 0 ? 0.0 : Math.Min(0.999, (double)_done / _totalBytes);
            var names = _plannedNames.Concat(_files.Where(f => !_plannedNames.Contains(f))).ToList();
            var files = names.Select(n => new ExportFileProgress(n, _complete.Contains(n) ? 1.0 : n == _current ? Math.Min(0.999, FileFraction()) : 0.0)).ToList();
            return new ExportState(Token, progress, files, Status);
        }

        /// <summary>The current file's share of its own planned bytes (a file of several is measured against itself, not the whole export).</summary>
        private double FileFraction()
        {
            var fileBytes = _totalBytes;
            foreach (var (name, bytes) in plannedFiles)
            {
                if (string.Equals(name, _current, StringComparison.Ordinal))
                {
                    fileBytes = bytes;
                    break;
                }
            }

            return fileBytes <= 0 ? 0 : (double)(_done - _fileStartBytes) / fileBytes;
        }
    }
}
