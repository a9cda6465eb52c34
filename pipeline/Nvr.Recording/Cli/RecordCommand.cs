using Nvr.Pipeline.Ingest;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtsp;
using Nvr.Storage;
using Nvr.Storage.Configuration;
using Nvr.Storage.Local;
using Nvr.Storage.Sinks;
using Nvr.Storage.Spool;

namespace Nvr.Recording.Cli;

/// <summary>
/// <c>nvr record</c>: pulls one RTSP source for a while and writes Annex B segments and span end objects into a
/// directory (named exactly like the object keys) or an object store — the data path without SOAP or actors.
/// Exit codes: 0 recorded, 1 the camera could not be reached/refused or failed mid-record, 2 bad arguments.
/// </summary>
public static class RecordCommand
{
    /// <summary>Runs the command with the arguments that follow <c>record</c>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        RecordOptions options;
        try
        {
            options = RecordCommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"nvr record: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync(RecordCommandLine.Usage).ConfigureAwait(false);
            return 2;
        }

        ISegmentSink sink;
        try
        {
            sink = CreateSink(options);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            await error.WriteLineAsync($"nvr record: storage: {e.Message}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            int code = await RecordAsync(options, sink, output, error, cancellationToken).ConfigureAwait(false);
            if (sink is SpoolingSink spool && !await WaitForUploadsAsync(spool, TimeSpan.FromSeconds(60)).ConfigureAwait(false))
            {
                await error.WriteLineAsync($"nvr record: {spool.Statistics.QueuedObjects} objects not uploaded yet; they stay in {spool.SpoolDirectory} for the next run").ConfigureAwait(false);
                return code == 0 ? 1 : code;
            }

            return code;
        }
        finally
        {
            if (sink is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<int> RecordAsync(RecordOptions options, ISegmentSink sink, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string source = Redacted(options.Source);
        var ingest = new RtspIngest(new RtspIngestOptions(options.Source) { Transport = options.Transport });
        using var stopIngest = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = ingest.RunAsync(stopIngest.Token);
        try
        {
            await Task.WhenAny(ingest.Connected, run).ConfigureAwait(false);
            if (!ingest.Connected.IsCompletedSuccessfully)
            {
                var failure = ingest.Connected.Exception?.GetBaseException() ?? run.Exception?.GetBaseException();
                await error.WriteLineAsync($"nvr record: cannot record {source}: {Describe(failure)}").ConfigureAwait(false);
                return 1;
            }

            var (tracks, routes) = TracksFor(ingest.Streams);
            await output.WriteLineAsync($"nvr record: {source} connected: {string.Join(", ", ingest.Streams)}").ConfigureAwait(false);
            await using var session = new RecordingSession(options.Target, tracks, sink, [new RecordingSource(ingest.AccessUnits, ingest.Streams, routes)]);
            long segments = 0;
            string? sourceError = null;
            session.SegmentCompleted += s =>
            {
                Interlocked.Increment(ref segments);
                output.WriteLine($"nvr record: wrote {s.Key} ({s.Bytes} bytes)");
            };
            session.TrackStatusChanged += s =>
            {
                if (s.State == TrackRecordingState.Error)
                {
                    Volatile.Write(ref sourceError, $"track {s.Track}: {s.Reason}");
                }
            };
            session.Start();
            var elapsed = Task.Delay(options.Duration, cancellationToken);
            await Task.WhenAny(elapsed, run).ConfigureAwait(false);
            await session.StopAsync().ConfigureAwait(false);
            if (run.IsCompleted && !elapsed.IsCompleted)
            {
                await error.WriteLineAsync($"nvr record: {source} failed while recording: {Describe(run.Exception?.GetBaseException())} ({segments} segments written)").ConfigureAwait(false);
                return 1;
            }

            if (segments == 0)
            {
                await error.WriteLineAsync($"nvr record: {source} sent no recordable media in {options.Duration.TotalSeconds:0.###} s{(sourceError is null ? string.Empty : $" ({sourceError})")}").ConfigureAwait(false);
                return 1;
            }

            var stats = session.GetStatistics();
            await output.WriteLineAsync($"nvr record: done, {segments} segments, {stats.BytesWritten} bytes, {stats.SpansClosed} spans").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            await stopIngest.CancelAsync().ConfigureAwait(false);
            try
            {
                await run.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // already reported
            }

            ingest.Output.DrainAndRelease();
        }
    }

    private static async Task<bool> WaitForUploadsAsync(SpoolingSink spool, TimeSpan timeout)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check()
        {
            if (spool.Statistics.QueuedObjects == 0)
            {
                drained.TrySetResult();
            }
        }

        void OnUploaded(string key) => Check();
        void OnDropped(string key, long bytes) => Check();
        spool.ObjectUploaded += OnUploaded;
        spool.ObjectDropped += OnDropped;
        try
        {
            Check();
            await drained.Task.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            spool.ObjectUploaded -= OnUploaded;
            spool.ObjectDropped -= OnDropped;
        }
    }

    private static (List<RecordingTrack> Tracks, Dictionary<int, string> Routes) TracksFor(IReadOnlyList<StreamDescription> streams)
    {
        var tracks = new List<RecordingTrack>();
        var routes = new Dictionary<int, string>();
        foreach (var stream in streams)
        {
            string name = stream.Kind switch { MediaKind.Video => "video", MediaKind.Audio => "audio", _ => "metadata" };
            int n = tracks.Count(t => t.Kind == stream.Kind);
            string token = n == 0 ? name : $"{name}{n + 1}";
            tracks.Add(new RecordingTrack(token, stream.Kind));
            routes[stream.Index] = token;
        }

        return (tracks, routes);
    }

    private static ISegmentSink CreateSink(RecordOptions options)
    {
        if (options.OutputDirectory is { } directory)
        {
            Directory.CreateDirectory(directory);
            return new LocalDiskSink(Path.GetFullPath(directory));
        }

        var configuration = StorageUriParser.Parse("record", options.Storage!);
        // one spool per object store, so that objects left by an interrupted run are uploaded by the next one
        string spool = Path.Combine(Path.GetTempPath(), "nvr-record-spool", configuration is S3StorageConfiguration s3 ? $"{s3.Host}_{s3.Port}_{s3.Bucket}" : "local");
        return StorageSinkFactory.Create(configuration, spool);
    }

    private static string Describe(Exception? e) => e switch
    {
        RtspException r when r.StatusCode > 0 => $"{r.Failure} (RTSP {r.StatusCode}): {r.Message}",
        RtspException r => $"{r.Failure}: {r.Message}",
        null => "the session ended",
        _ => e.Message,
    };

    private static string Redacted(Uri uri) =>
        string.IsNullOrEmpty(uri.UserInfo) ? uri.ToString() : new UriBuilder(uri) { UserName = "***", Password = "***" }.Uri.ToString();
}
