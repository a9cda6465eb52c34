using Nvr.Pipeline.Media;
using Nvr.Pipeline.Rtp;

namespace Nvr.Pipeline.Depacketizers;

/// <summary>
/// Shared unit assembly for NAL-based video (H.264, H.265): a unit ends at the marker bit or when the
/// timestamp changes; a loss or a malformed packet spoils the unit and makes the stream wait for the next
/// keyframe. In-band parameter sets update the stream description.
/// </summary>
public abstract class NalDepacketizer : Depacketizer
{
    private readonly NalUnitAssembler _assembler = new();
    private long _unitTimestamp;
    private bool _unitOpen;
    private bool _unitSpoiled;
    private bool _unitHasKeyframe;
    private bool _waitForKeyframe = true;
    private bool _emittedAny;
    private bool _lossPending;

    protected NalDepacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
    }

    /// <summary>True while units are skipped until the next keyframe.</summary>
    public bool WaitingForKeyframe => _waitForKeyframe;

    public sealed override void Push(in RtpPacket packet, long timestamp, bool discontinuity)
    {
        if (discontinuity)
        {
            _lossPending |= _emittedAny;
            if (_unitOpen)
            {
                _unitSpoiled = true;
            }

            _waitForKeyframe = true;
        }

        if (_unitOpen && timestamp != _unitTimestamp)
        {
            FinishUnit();
        }

        if (!_unitOpen)
        {
            _unitOpen = true;
            _unitTimestamp = timestamp;
            _unitSpoiled = discontinuity;
        }

        if (_unitSpoiled)
        {
            Counters.Discarded();
        }
        else if (!ReadPayload(packet.Payload))
        {
            Counters.Malformed();
            Spoil();
        }
        else if (_assembler.Size > MaxUnitSize)
        {
            Spoil();
        }

        if (packet.Marker)
        {
            FinishUnit();
        }
    }

    public sealed override void Reset()
    {
        _assembler.Discard();
        _unitOpen = false;
        _unitSpoiled = false;
        _unitHasKeyframe = false;
        _waitForKeyframe = true;
        _emittedAny = false;
        _lossPending = false;
        ResetFragment();
    }

    /// <summary>True when a fragmented NAL unit is in progress (its continuation cannot be trusted after a loss).</summary>
    protected bool HasFragmentState => _assembler.HasOpenNal;

    /// <summary>Interprets one packet payload; false when it violates the payload format.</summary>
    protected abstract bool ReadPayload(ReadOnlySpan<byte> payload);

    /// <summary>Whether the NAL unit (header at index 0) makes its access unit a keyframe.</summary>
    protected abstract bool IsKeyframeNal(ReadOnlySpan<byte> nal);

    /// <summary>Records a parameter-set NAL unit if it is one; returns the updated sets or null.</summary>
    protected abstract ParameterSets? UpdatedParameterSets(ReadOnlySpan<byte> nal, ParameterSets current);

    protected abstract void ResetFragment();

    protected void AddNal(ReadOnlySpan<byte> nal)
    {
        _assembler.AddNal(nal);
        Inspect(nal);
    }

    protected bool BeginFragment(ReadOnlySpan<byte> header, ReadOnlySpan<byte> bytes)
    {
        if (_assembler.HasOpenNal)
        {
            return false;
        }

        _assembler.BeginNal(header);
        _assembler.AppendToNal(bytes);
        return true;
    }

    protected bool ContinueFragment(ReadOnlySpan<byte> bytes, bool end)
    {
        if (!_assembler.HasOpenNal)
        {
            return false;
        }

        _assembler.AppendToNal(bytes);
        if (end)
        {
            _assembler.EndNal();
            Inspect(_assembler.LastNal);
        }

        return true;
    }

    private void Inspect(ReadOnlySpan<byte> nal)
    {
        if (nal.IsEmpty)
        {
            return;
        }

        if (IsKeyframeNal(nal))
        {
            _unitHasKeyframe = true;
        }

        var updated = UpdatedParameterSets(nal, Stream.ParameterSets);
        if (updated is not null)
        {
            Stream.UpdateParameterSets(updated);
        }
    }

    private void Spoil()
    {
        _unitSpoiled = true;
        _waitForKeyframe = true;
    }

    private void FinishUnit()
    {
        if (!_unitOpen)
        {
            return;
        }

        _unitOpen = false;
        var spoiled = _unitSpoiled || _assembler.HasOpenNal;
        var keyframe = _unitHasKeyframe;
        _unitHasKeyframe = false;
        _unitSpoiled = false;
        ResetFragment();
        if (spoiled || _assembler.NalCount == 0 || (_waitForKeyframe && !keyframe))
        {
            if (spoiled || _assembler.NalCount > 0)
            {
                Counters.Dropped();
                _lossPending |= _emittedAny;
            }

            if (spoiled)
            {
                _waitForKeyframe = true;
            }

            _assembler.Discard();
            return;
        }

        _waitForKeyframe = false;
        var unit = _assembler.Build(InfoFor(_unitTimestamp, keyframe));
        unit.FollowsLoss = _lossPending;
        _lossPending = false;
        _emittedAny = true;
        Emit(unit);
    }
}
