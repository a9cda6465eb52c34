using System.Buffers;

namespace Nvr.Codecs.Mp4;

/// <summary>
/// Extension point for Common Encryption (ISO/IEC 23001-7) of one track. A segment writer given a protector for a
/// track calls it, in this order, for every segment:
/// <list type="number">
/// <item><see cref="BeginSegment"/> before the segment's header is written (choose the segment's IVs here);</item>
/// <item><see cref="WriteProtectionSchemeInfo"/> inside the sample entry, which the writer has already opened as
///   <c>encv</c> (video) or <c>enca</c> (audio) and filled with the clear entry's fields and codec configuration;
///   the protector appends the <c>sinf</c> box (<c>frma</c> with <paramref name="originalFormat"/>, <c>schm</c>,
///   <c>schi</c>/<c>tenc</c>);</item>
/// <item><see cref="WriteProtectionSystemHeaders"/> at the end of <c>moov</c> (zero or more <c>pssh</c> boxes);</item>
/// <item>per fragment: <see cref="EncryptFragment"/> with the track's samples of that fragment, then
///   <see cref="WriteSampleEncryptionBoxes"/> while the track's <c>traf</c> is open (after <c>trun</c>).</item>
/// </list>
/// Calls for one writer are never concurrent.
/// </summary>
public interface ITrackProtector
{
    /// <summary>A new segment starts (each segment gets its own initialization vectors, ONVIF Annex B.8).</summary>
    void BeginSegment();

    /// <summary>
    /// Writes the <c>sinf</c> box into the open protected sample entry. <paramref name="originalFormat"/> is the
    /// clear sample entry type (e.g. <c>avc1</c>, <c>hvc1</c>, <c>mp4a</c>) for the <c>frma</c> box.
    /// </summary>
    void WriteProtectionSchemeInfo(BoxWriter writer, ReadOnlySpan<byte> originalFormat);

    /// <summary>Writes moov-level <c>pssh</c> boxes (may write nothing).</summary>
    void WriteProtectionSystemHeaders(BoxWriter writer);

    /// <summary>
    /// Encrypts this track's samples of one fragment. Must append to <paramref name="output"/> exactly
    /// <see cref="FragmentSamples.TotalSize"/> bytes: every sample, in order, laid out as it is stored in
    /// <c>mdat</c> (for length-prefixed video: 4-byte big-endian NAL length + NAL unit, for each unit), with the
    /// protected ranges encrypted. <paramref name="output"/> is a pooled buffer owned by the writer; the input
    /// buffers must not be modified. Remember the per-sample IVs / subsample ranges for
    /// <see cref="WriteSampleEncryptionBoxes"/>.
    /// </summary>
    void EncryptFragment(in FragmentSamples samples, IBufferWriter<byte> output);

    /// <summary>
    /// Writes <c>senc</c>, <c>saiz</c> and <c>saio</c> for the fragment last passed to <see cref="EncryptFragment"/>
    /// into the open <c>traf</c>. The writer sets <c>default-base-is-moof</c> in <c>tfhd</c>, so the <c>saio</c>
    /// offset is relative to the start of the <c>moof</c> box: it equals
    /// <c>(writer.Position where senc's first sample's auxiliary data begins) - <paramref name="moofStart"/></c>.
    /// Since the <c>moof</c> is built in <paramref name="writer"/> from <paramref name="moofStart"/>, the protector can
    /// compute it directly or back-patch it with <see cref="BoxWriter.PatchUInt32"/>.
    /// </summary>
    void WriteSampleEncryptionBoxes(BoxWriter writer, int moofStart);
}
