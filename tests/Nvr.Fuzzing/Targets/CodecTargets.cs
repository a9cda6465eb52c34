using Nvr.Codecs;
using Nvr.Codecs.Aac;
using Nvr.Codecs.Bitstream;
using Nvr.Codecs.Cenc.Video;
using Nvr.Codecs.H264;
using Nvr.Codecs.H265;
using Nvr.Codecs.Rfc6381;

namespace Nvr.Fuzzing.Targets;

/// <summary>An in-band or sprop H.264 SPS as the writers use it. Documented rejection: <see cref="InvalidDataException"/>.</summary>
public sealed class H264SpsTarget : FuzzTarget
{
    private static readonly ReadOnlyMemory<byte>[] Pps = [new byte[] { 0x68, 0xEF, 0x3C, 0xB0 }];

    public override string Name => "h264-sps";

    public override string Description => "H264SpsParser.Parse, CodecString.ForH264, AvcDecoderConfigurationRecord.Build; InvalidDataException is the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var info = H264SpsParser.Parse(input);
            _ = CodecString.ForH264(info);
            _ = AvcDecoderConfigurationRecord.Build(input, Pps);
        }
        catch (InvalidDataException)
        {
        }
    }
}

/// <summary>An in-band or sprop H.265 SPS as the writers use it. Documented rejection: <see cref="InvalidDataException"/>.</summary>
public sealed class H265SpsTarget : FuzzTarget
{
    private static readonly byte[] Vps = Convert.FromBase64String("QAEMAf//AWAAAAMAkAAAAwAAAwBdugJA");
    private static readonly byte[] Pps = Convert.FromBase64String("RAHBcrRiQA==");

    public override string Name => "h265-sps";

    public override string Description => "H265SpsParser.Parse, CodecString.ForH265, HevcDecoderConfigurationRecord.Build; InvalidDataException is the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var info = H265SpsParser.Parse(input);
            _ = CodecString.ForH265(info);
            _ = HevcDecoderConfigurationRecord.Build(Vps, input.ToArray(), Pps);
        }
        catch (InvalidDataException)
        {
        }
    }
}

/// <summary>
/// The slice-header measurers of CBCS encryption over an Annex B stream: parameter sets are learnt, slices measured.
/// Documented rejection: a false return (the slice stays unmeasured); nothing may throw.
/// </summary>
public abstract class SliceHeaderTarget : FuzzTarget
{
    protected abstract ISliceHeaderMeasurer CreateReader();

    public override void Run(ReadOnlySpan<byte> input)
    {
        var reader = CreateReader();
        var position = 0;
        while (NalUnitReader.TryReadAnnexB(input, ref position, out var range))
        {
            var nal = input[range];
            reader.Learn(nal);
            if (reader.TryMeasure(nal, out var headerBytes) && (headerBytes <= 0 || headerBytes > nal.Length))
            {
                throw new InvalidOperationException($"slice header of {headerBytes} bytes in a {nal.Length}-byte NAL unit");
            }
        }
    }
}

public sealed class H264SliceHeaderTarget : SliceHeaderTarget
{
    public override string Name => "h264-slice-header";

    public override string Description => "H264SliceHeaderReader.Learn/TryMeasure (and the SPS/PPS syntax parser) over Annex B NAL units; false is the rejection";

    protected override ISliceHeaderMeasurer CreateReader() => new H264SliceHeaderReader();
}

public sealed class H265SliceHeaderTarget : SliceHeaderTarget
{
    public override string Name => "h265-slice-header";

    public override string Description => "H265SliceHeaderReader.Learn/TryMeasure (VPS/SPS/PPS, RPS, slice syntax) over Annex B NAL units; false is the rejection";

    protected override ISliceHeaderMeasurer CreateReader() => new H265SliceHeaderReader();
}

/// <summary>The SDP <c>config=</c> of an AAC stream. Documented rejection: <see cref="InvalidDataException"/>.</summary>
public sealed class AacConfigTarget : FuzzTarget
{
    public override string Name => "aac-config";

    public override string Description => "AudioSpecificConfig.Parse and CodecString.ForAac; InvalidDataException is the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var config = AudioSpecificConfig.Parse(input);
            _ = CodecString.ForAac(config.AudioObjectType);
            _ = config.ChannelCount;
        }
        catch (InvalidDataException)
        {
        }
    }
}

/// <summary>An ADTS stream read frame by frame. Documented rejection: <see cref="InvalidDataException"/>.</summary>
public sealed class AdtsTarget : FuzzTarget
{
    public override string Name => "adts";

    public override string Description => "AdtsReader.TryReadFrame until the end; InvalidDataException is the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var position = 0;
        try
        {
            while (AdtsReader.TryReadFrame(input, ref position, out var frame, out var config))
            {
                _ = input[frame].Length;
                _ = config.SampleRate;
            }
        }
        catch (InvalidDataException)
        {
        }
    }
}
