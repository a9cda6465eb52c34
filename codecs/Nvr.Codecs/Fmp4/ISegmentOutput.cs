namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Receives the bytes of segments from a segment writer; implemented by the storage layer. For each segment the
/// writer calls <see cref="BeginSegment"/>, then <see cref="Write"/> once with the header (<c>ftyp</c> + <c>moov</c>)
/// followed by the first fragment, once per further fragment (<c>moof</c> + <c>mdat</c>), once with the trailer
/// (<c>mfra</c>, when written), then <see cref="EndSegment"/>. Every <see cref="Write"/> ends on a box boundary, so
/// a file cut after any completed write is a valid, playable segment up to its last fragment.
/// Calls are synchronous and never concurrent for one writer.
/// </summary>
public interface ISegmentOutput
{
    /// <summary>A new segment starts; carries the UTC of its first sample (for the Annex B object key).</summary>
    void BeginSegment(SegmentStarted segment);

    /// <summary>
    /// Appends bytes to the current segment, given as consecutive pieces (box headers owned by the writer and
    /// references to the callers' sample payloads). The memory is valid only during the call: write it out or
    /// copy it before returning.
    /// </summary>
    void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces);

    /// <summary>The current segment is complete; carries the UTC of the end of its last sample.</summary>
    void EndSegment(SegmentEnded segment);
}
