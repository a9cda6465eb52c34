using System.Collections.Concurrent;
using Nvr.Pipeline.Ingest;
using Nvr.Recording.Engine;
using Nvr.Recording.Triggers;

namespace Nvr.Recording.Tests.Support;

/// <summary>What a runner reported, in order, with awaitable conditions (no polling: each report completes the waits it satisfies).</summary>
public sealed class RecordingRunnerEvents : IRunnerEvents
{
    private readonly Lock _lock = new();
    private readonly List<(Func<object, bool> Match, TaskCompletionSource<object> Done)> _waits = [];

    public ConcurrentQueue<object> Reports { get; } = new();

    public sealed record Track(string Job, string Destination, TrackRecordingState State, string? Reason);

    public sealed record Receiver(string Token, ConnectionState State);

    public sealed record Failure(Exception Error);

    /// <summary>Completes with the first report (past or future) that satisfies <paramref name="match"/>.</summary>
    public Task<T> NextAsync<T>(Func<T, bool> match, TimeSpan timeout)
        where T : class
    {
        var done = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var report in Reports)
            {
                if (report is T typed && match(typed))
                {
                    return Task.FromResult(typed);
                }
            }

            _waits.Add((o => o is T typed && match(typed), done));
        }

        return Typed(done.Task.WaitAsync(timeout));

        static async Task<T> Typed(Task<object> task) => (T)await task.ConfigureAwait(false);
    }

    public void TrackState(string jobToken, string destination, TrackRecordingState state, string? reason) => Add(new Track(jobToken, destination, state, reason));

    public void ReceiverState(string receiverToken, ConnectionState state) => Add(new Receiver(receiverToken, state));

    public void SegmentCompleted(string recordingToken, SegmentCompleted segment) => Add(segment);

    public void SpanClosed(string recordingToken, SpanClosed span) => Add(span);

    public void Log(string message) => Add(message);

    public void CameraEvent(CameraNotification notification) => Add(notification);

    public void Failed(Exception error) => Add(new Failure(error));

    private void Add(object report)
    {
        lock (_lock)
        {
            Reports.Enqueue(report);
            foreach (var wait in _waits.Where(w => w.Match(report)).ToList())
            {
                _waits.Remove(wait);
                wait.Done.TrySetResult(report);
            }
        }
    }
}
