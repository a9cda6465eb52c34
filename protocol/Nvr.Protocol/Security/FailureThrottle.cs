using System.Net;

namespace Nvr.Protocol.Security;

/// <summary>
/// Slows down repeated authentication failures from one address: the first <see cref="FreeFailures"/> are answered
/// at once, then each further refusal waits twice as long as the one before (from <see cref="BaseDelay"/>, capped at
/// <see cref="MaxDelay"/>). A success from the address forgets its failures; failures older than
/// <see cref="Memory"/> are forgotten too. At most <see cref="MaxAddresses"/> addresses are tracked (the least
/// recently failing is dropped). <see cref="TotalFailures"/> counts every failure since start.
/// </summary>
public sealed class FailureThrottle
{
    public const int FreeFailures = 5;
    public const int MaxAddresses = 4096;
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _time;
    private readonly Dictionary<IPAddress, (int Count, long Last)> _failures = [];
    private readonly Lock _lock = new();
    private long _total;

    public FailureThrottle(TimeProvider time) => _time = time;

    public long TotalFailures => Interlocked.Read(ref _total);

    /// <summary>Failures counted for <paramref name="address"/> (0 once forgotten).</summary>
    public int FailuresOf(IPAddress address)
    {
        lock (_lock)
        {
            return _failures.TryGetValue(address, out var f) && _time.GetElapsedTime(f.Last) <= Memory ? f.Count : 0;
        }
    }

    /// <summary>Counts a failure and returns how long to wait before answering it.</summary>
    public TimeSpan Failed(IPAddress address)
    {
        Interlocked.Increment(ref _total);
        var now = _time.GetTimestamp(); // monotonic: a wall clock step back must not keep failures for the step
        int count;
        lock (_lock)
        {
            count = (_failures.TryGetValue(address, out var f) && _time.GetElapsedTime(f.Last, now) <= Memory ? f.Count : 0) + 1;
            if (!_failures.ContainsKey(address) && _failures.Count >= MaxAddresses)
            {
                _failures.Remove(_failures.MinBy(e => e.Value.Last).Key);
            }

            _failures[address] = (count, now);
        }

        return DelayAfter(count);
    }

    public void Succeeded(IPAddress address)
    {
        lock (_lock)
        {
            _failures.Remove(address);
        }
    }

    /// <summary>The wait after the <paramref name="failures"/>-th consecutive failure.</summary>
    public static TimeSpan DelayAfter(int failures)
    {
        if (failures <= FreeFailures)
        {
            return TimeSpan.Zero;
        }

        var doublings = Math.Min(failures - FreeFailures - 1, 16);
        var delay = BaseDelay * Math.Pow(2, doublings);
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
