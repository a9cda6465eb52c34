using Nvr.Pipeline.Media;

namespace Nvr.Recording.Session;

/// <summary>What the pre-event gate decided for a unit ready to be written.</summary>
internal enum GateVerdict
{
    /// <summary>Write it (not gated, or an event window is open).</summary>
    Write,

    /// <summary>Hold it in the pre-event ring (offer it with <see cref="PreEventGate.Hold"/>).</summary>
    Hold,

    /// <summary>The event window ended at this unit: close the spans at its time, then hold it (it starts the held media).</summary>
    CloseSpansThenHold,
}

/// <summary>
/// Event recording (seed 5.3.4), one owner: the gate mode, the event window and the pre-event ring of pooled units.
/// It never writes: it returns verdicts, and hands held units back (<see cref="TryTakeForWindow"/>) when a window
/// opens, for the session to write through the same path as live media. Single-threaded (the session loop);
/// the counters may be read from any thread.
/// </summary>
internal sealed class PreEventGate(long maxBytes)
{
    private PreEventRing? _ring;
    private TimeSpan _preEvent;
    private DateTime _closeAtUtc;
    private bool _keyWrittenInWindow;
    private ParameterSets? _heldParameterSets;
    private long _released;
    private long _gopsDropped;

    public EventGateMode Mode { get; private set; }

    /// <summary>True when units pass untouched (continuous recording).</summary>
    public bool IsOff => Mode == EventGateMode.Off;

    public int HeldCount => Volatile.Read(ref _ring)?.Count ?? 0;

    public long HeldBytes => Volatile.Read(ref _ring)?.Bytes ?? 0;

    /// <summary>Held units released unwritten (pre-event time passed, gating ended, timeline ended).</summary>
    public long Released => Volatile.Read(ref _released);

    /// <summary>Whole GOPs dropped because the ring was full.</summary>
    public long GopsDropped => Volatile.Read(ref _gopsDropped);

    /// <summary>Gating on (or a new pre-event time). True when open spans must be closed (continuous recording ended).</summary>
    public bool Enable(TimeSpan preEvent)
    {
        _preEvent = preEvent;
        if (_ring is null)
        {
            Volatile.Write(ref _ring, new PreEventRing());
        }

        if (Mode == EventGateMode.Off)
        {
            Mode = EventGateMode.Holding;
            return true;
        }

        if (Mode == EventGateMode.Holding && _ring!.Count > 0)
        {
            Add(ref _released, _ring.ReleaseGopsBefore(PreEventStart(_ring.NewestUtc)));
        }

        return false;
    }

    /// <summary>Back to continuous recording: what is held is released.</summary>
    public void Disable()
    {
        Mode = EventGateMode.Off;
        ReleaseAll();
    }

    /// <summary>
    /// Opens (or keeps open) the window. True when held media is to be written now: from the newest key frame at or
    /// before <paramref name="fromUtc"/> (older GOPs are released), taken with <see cref="TryTakeForWindow"/>.
    /// </summary>
    public bool Open(DateTime fromUtc)
    {
        switch (Mode)
        {
            case EventGateMode.Closing:
                Mode = EventGateMode.Open;
                return false;
            case EventGateMode.Holding:
                Mode = EventGateMode.Open;
                _keyWrittenInWindow = false;
                Add(ref _released, _ring!.ReleaseGopsBefore(fromUtc));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The window ends once media reaches <paramref name="untilUtc"/> and a key frame was written in it.</summary>
    public void Close(DateTime untilUtc)
    {
        if (Mode is EventGateMode.Open or EventGateMode.Closing)
        {
            Mode = EventGateMode.Closing;
            _closeAtUtc = untilUtc;
        }
    }

    /// <summary>The next held unit to write for the window just opened.</summary>
    public bool TryTakeForWindow(out HeldUnit unit)
    {
        if (_ring is { } ring)
        {
            return ring.TryTake(out unit);
        }

        unit = default;
        return false;
    }

    /// <summary>
    /// The verdict for a unit ready to be written at <paramref name="utc"/>; <paramref name="startsGop"/>: a recording
    /// may start with it. Changes nothing: after <see cref="GateVerdict.CloseSpansThenHold"/> the owner closes its
    /// spans (writing what belongs before the cut), then calls <see cref="EndWindow"/> and <see cref="Hold"/>.
    /// </summary>
    public GateVerdict Decide(bool startsGop, DateTime utc) =>
        Mode == EventGateMode.Closing && startsGop && _keyWrittenInWindow && utc >= _closeAtUtc ? GateVerdict.CloseSpansThenHold
        : Mode == EventGateMode.Holding ? GateVerdict.Hold
        : GateVerdict.Write;

    /// <summary>The window ended (its spans are closed): back to holding.</summary>
    public void EndWindow() => Mode = EventGateMode.Holding;

    /// <summary>
    /// Holds a unit (after a Hold verdict). A GOP start of video described with other parameter sets than the held
    /// GOPs releases them first (a window must not start with GOPs that need another movie box). False when the unit
    /// cannot be held (a GOP's tail without its key frame): the owner discards it.
    /// </summary>
    public bool Hold(in HeldUnit unit, ParameterSets? parameterSets = null)
    {
        var ring = _ring!;
        if (unit.StartsGop && unit.IsVideo)
        {
            if (ParameterSetComparison.Differ(parameterSets, _heldParameterSets))
            {
                ReleaseAll();
            }

            _heldParameterSets = parameterSets;
        }

        if (!ring.TryAdd(unit))
        {
            return false;
        }

        Add(ref _released, ring.ReleaseGopsBefore(PreEventStart(ring.NewestUtc)));
        while (ring.Bytes > maxBytes && ring.GopCount > 0)
        {
            Add(ref _gopsDropped, 1);
            Add(ref _released, ring.ReleaseOldestGop());
        }

        return true;
    }

    /// <summary>A unit that may start a recording was written in the window: it has its I-frame.</summary>
    public void KeyWritten()
    {
        if (Mode != EventGateMode.Off)
        {
            _keyWrittenInWindow = true;
        }
    }

    /// <summary>The timeline ended or gating stopped: what is held can no longer be written.</summary>
    public void ReleaseAll()
    {
        if (_ring is { Count: > 0 } ring)
        {
            Add(ref _released, ring.Clear());
        }
    }

    private static void Add(ref long counter, long value) => Volatile.Write(ref counter, counter + value);

    /// <summary>The oldest time the ring must still cover (no underflow for units without a real UTC).</summary>
    private DateTime PreEventStart(DateTime newest) =>
        newest.Ticks > _preEvent.Ticks ? newest - _preEvent : DateTime.MinValue;
}
