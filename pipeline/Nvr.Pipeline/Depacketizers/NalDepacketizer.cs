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
    private readonly NalUnitAssembler assembler = new();
    private long unitTimestamp;
    private bool unitOpen;
    private bool unitSpoiled;
    private bool unitHasKeyframe;
    private bool waitForKeyframe = true;
    private bool emittedAny;
    private bool lossPending;

    protected NalDepacketizer(StreamDescription stream, IAccessUnitSink sink)
        : base(stream, sink)
    {
    }

    /// <summary>True while units are skipped until the next keyframe.</summary>
    public bool WaitingForKeyframe => waitForKeyframe;

    public sealed override void Push(in RtpPacket packet, long timestamp, bool discontinuity)
    {
        if (discontinuity)
        {
            lossPending |= emittedAny;
            if (unitOpen)
            {
                unitSpoiled = true;
            }

            waitForKeyframe = true;
        }

        if (unitOpen && timestamp != unitTimestamp)
        {
            FinishUnit();
        }

        if (!unitOpen)
        {
            unitOpen = true;
            unitTimestamp = timestamp;
            unitSpoiled = discontinuity;
        }

        if (unitSpoiled)
        {
            Counters.Discarded();
        }
        else if (!ReadPayload(packet.Payload))
        {
            Counters.Malformed();
            Spoil();
        }
        else if (assembler.Size > MaxUnitSize)
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
        assembler.Discard();
        unitOpen = false;
        unitSpoiled = false;
        unitHasKeyframe = false;
        waitForKeyframe = true;
        emittedAny = false;
        lossPending = false;
        ResetFragment();
    }

    /// <summary>True when a fragmented NAL unit is in progress (its continuation cannot be trusted after a loss).</summary>
    protected bool HasFragmentState => assembler.HasOpenNal;

    /// <summary>Interprets one packet payload; false when it violates the payload format.</summary>
    protected abstract bool ReadPayload(ReadOnlySpan<byte> payload);

    /// <summary>Whether the NAL unit (header at index 0) makes its access unit a keyframe.</summary>
    protected abstract bool IsKeyframeNal(ReadOnlySpan<byte> nal);

    /// <summary>Records a parameter-set NAL unit if it is one; returns the updated sets or null.</summary>
    protected abstract ParameterSets? UpdatedParameterSets(ReadOnlySpan<byte> nal, ParameterSets current);

    protected abstract void ResetFragment();

    protected void AddNal(ReadOnlySpan<byte> nal)
    {
        assembler.AddNal(nal);
        Inspect(nal);
    }

    protected bool BeginFragment(ReadOnlySpan<byte> header, ReadOnlySpan<byte> bytes)
    {
        if (assembler.HasOpenNal)
        {
            return false;
        }

        assembler.BeginNal(header);
        assembler.AppendToNal(bytes);
        return true;
    }

    protected bool ContinueFragment(ReadOnlySpan<byte> bytes, bool end)
    {
        if (!assembler.HasOpenNal)
        {
            return false;
        }

        assembler.AppendToNal(bytes);
        if (end)
        {
            assembler.EndNal();
            Inspect(assembler.LastNal);
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
            unitHasKeyframe = true;
        }

        var updated = UpdatedParameterSets(nal, Stream.ParameterSets);
        if (updated is not null)
        {
            Stream.UpdateParameterSets(updated);
        }
    }

    private void Spoil()
    {
        unitSpoiled = true;
        waitForKeyframe = true;
    }

    private void FinishUnit()
    {
        if (!unitOpen)
        {
            return;
        }

        unitOpen = false;
        var spoiled = unitSpoiled || assembler.HasOpenNal;
        var keyframe = unitHasKeyframe;
        unitHasKeyframe = false;
        unitSpoiled = false;
        ResetFragment();
        if (spoiled || assembler.NalCount == 0 || (waitForKeyframe && !keyframe))
        {
            if (spoiled || assembler.NalCount > 0)
            {
                Counters.Dropped();
                lossPending |= emittedAny;
            }

            if (spoiled)
            {
                waitForKeyframe = true;
            }

            assembler.Discard();
            return;
        }

        waitForKeyframe = false;
        var unit = assembler.Build(InfoFor(unitTimestamp, keyframe));
        unit.FollowsLoss = lossPending;
        lossPending = false;
        emittedAny = true;
        Emit(unit);
    }
}
