using Microsoft.Extensions.Time.Testing;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>A fake clock that signals each timer creation, so tests advance time only once a wait is armed.</summary>
public sealed class SignallingTimeProvider : FakeTimeProvider
{
    public SemaphoreSlim TimerCreated { get; } = new(0);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        TimerCreated.Release();
        return timer;
    }
}
