using Microsoft.Extensions.Time.Testing;
using Nvr.Pipeline.Ingest;

namespace Nvr.Pipeline.Tests.Simulator;

/// <summary>
/// Issue 13: the pacer's tick reads every registered connection itself (no continuation per connection): each reader
/// once per tick, a finished one never again, more than one group of readers all read, and a disposed pacer tells
/// every reader still registered exactly once.
/// </summary>
public sealed class ReadPacerTests
{
    [Fact]
    public async Task Each_tick_reads_every_reader_once_a_finished_one_never_again_and_dispose_stops_the_rest_once()
    {
        var time = new FakeTimeProvider();
        var pacer = new ReadPacer(TimeSpan.FromMilliseconds(40), time);
        var finishing = new CountingReader(ticksUntilDone: 1);
        var readers = Enumerable.Range(0, ReadPacer.GroupSize + 3).Select(_ => new CountingReader(int.MaxValue)).ToArray();
        Assert.True(pacer.Add(finishing));
        Assert.All(readers, r => Assert.True(pacer.Add(r)));
        Assert.Equal(readers.Length + 1, pacer.Readers);

        time.Advance(TimeSpan.FromMilliseconds(40)); // the first group on the timer's thread, the second on the pool
        await Task.WhenAll(readers.Select(r => r.ReachedAsync(1))).WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromMilliseconds(40));
        await Task.WhenAll(readers.Select(r => r.ReachedAsync(2))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, finishing.Ticks);
        Assert.Equal(readers.Length, pacer.Readers);
        pacer.Dispose();
        await Task.WhenAll(readers.Select(r => r.Stopped)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(readers, r => Assert.Equal(1, r.StopCalls));
        Assert.Equal(0, finishing.StopCalls);
        Assert.Equal(0, pacer.Readers);
        Assert.False(pacer.Add(new CountingReader(1))); // the caller reads by itself
        Assert.All(readers, r => Assert.Equal(0, r.Overlaps));
    }

    private sealed class CountingReader(int ticksUntilDone) : IPacedReader
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
        private int _ticks;
        private int _inside;
        private int _overlaps;
        private int _stopCalls;

        public int Ticks => Volatile.Read(ref _ticks);

        public int StopCalls => Volatile.Read(ref _stopCalls);

        public int Overlaps => Volatile.Read(ref _overlaps);

        public Task Stopped => _stopped.Task;

        public bool OnTick()
        {
            if (Interlocked.Exchange(ref _inside, 1) != 0)
            {
                Interlocked.Increment(ref _overlaps);
            }

            var ticks = Interlocked.Increment(ref _ticks);
            lock (_gate)
            {
                foreach (var (count, reached) in _waiters)
                {
                    if (ticks >= count)
                    {
                        reached.TrySetResult();
                    }
                }
            }

            Volatile.Write(ref _inside, 0);
            return ticks < ticksUntilDone;
        }

        public void OnPacerStopped()
        {
            Interlocked.Increment(ref _stopCalls);
            _stopped.TrySetResult();
        }

        public Task ReachedAsync(int count)
        {
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (Ticks >= count)
                {
                    return Task.CompletedTask;
                }

                _waiters.Add((count, reached));
            }

            return reached.Task;
        }
    }
}
