namespace Nvr.Pipeline.Media;

/// <summary>
/// One media stream of an RTSP session as described by SDP, plus what was learnt in-band (parameter sets).
/// </summary>
public sealed class StreamDescription
{
    private ParameterSets _parameterSets = ParameterSets.None;

    /// <summary>Position among the session's streams (the order of the SDP <c>m=</c> lines).</summary>
    public required int Index { get; init; }

    public required MediaKind Kind { get; init; }

    public required MediaCodec Codec { get; init; }

    /// <summary>Encoding name as written in <c>a=rtpmap</c> (e.g. <c>H264</c>, <c>mpeg4-generic</c>).</summary>
    public required string EncodingName { get; init; }

    public required int PayloadType { get; init; }

    /// <summary>RTP clock rate in Hz.</summary>
    public required int ClockRate { get; init; }

    /// <summary>Audio channels (1 when not given).</summary>
    public int Channels { get; init; } = 1;

    /// <summary><c>a=fmtp</c> parameters, keys compared case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> FormatParameters { get; init; } =
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The <c>a=control</c> value as written (may be relative).</summary>
    public string Control { get; init; } = "*";

    /// <summary>The absolute URI to SETUP this stream.</summary>
    public Uri? ControlUri { get; init; }

    /// <summary>AAC AudioSpecificConfig from the fmtp <c>config</c> hex string (empty otherwise).</summary>
    public byte[] AacConfig { get; init; } = [];

    /// <summary>Latest parameter sets (from sprop-* first, then in-band updates).</summary>
    public ParameterSets ParameterSets => Volatile.Read(ref _parameterSets);

    /// <summary>Raised (on the ingest thread) when an in-band parameter set differs from the known one.</summary>
    public event Action<StreamDescription>? ParameterSetsChanged;

    /// <summary>Replaces the parameter sets (used by SDP parsing and depacketizers).</summary>
    public void UpdateParameterSets(ParameterSets sets)
    {
        Volatile.Write(ref _parameterSets, sets);
        ParameterSetsChanged?.Invoke(this);
    }

    public override string ToString() => $"#{Index} {Kind} {EncodingName}/{ClockRate} pt={PayloadType}";
}
