using Nvr.Codecs.Fmp4;
using Nvr.Codecs.Mp4.Reading;
using Nvr.Storage.Export;

namespace Nvr.Recording.Export;

/// <summary>What an export reports while it runs (called on the export's task).</summary>
public interface IExportProgress
{
    /// <summary>A file was opened (its temporary name is being written).</summary>
    void FileStarted(string name);

    /// <summary>Another recorded object of the run was read and written out.</summary>
    void BytesDone(long bytes);

    /// <summary>A file is complete under its final name.</summary>
    void FileCompleted(string name);
}

/// <summary>
/// Exports one <see cref="ExportRun"/> as ordinary MP4: reads its segment objects one at a time (per stream: one for
/// MP4 recordings, one per track type for CMAF), decrypts protected samples with the recording's keys (KID → key, <see cref="RecordingDecryptor"/>),
/// merges the tracks in UTC order and writes them through the MP4 segment writer as ONE fragmented MP4 file
/// (<c>ftyp</c>+<c>moov</c>, <c>moof</c>/<c>mdat</c> of 2 s, <c>mfra</c>): it starts at the last video key frame at
/// or before the run's start and ends with the last sample at or before its end. When a track's codec configuration
/// changes inside the run (new SPS), the file is completed and a next part is started.
/// </summary>
public sealed class RecordingExporter
{
    private static readonly SegmentWriterOptions OneSegment = new()
    {
        FragmentDuration = TimeSpan.FromSeconds(2),
        SegmentDuration = TimeSpan.FromDays(3650),
        MaxPendingSamplesPerTrack = 16384,
    };

    private readonly Func<ExportObject, CancellationToken, Task<byte[]>> _read;
    private readonly IReadOnlyDictionary<string, byte[]> _keys;

    /// <param name="read">Reads a whole object.</param>
    /// <param name="keys">Content keys by KID (32 lowercase hex digits).</param>
    public RecordingExporter(Func<ExportObject, CancellationToken, Task<byte[]>> read, IReadOnlyDictionary<string, byte[]> keys)
    {
        _read = read;
        _keys = keys;
    }

    /// <summary>Exports <paramref name="run"/>; returns the names of the completed files. Cancelling deletes the file being written.</summary>
    public async Task<IReadOnlyList<string>> ExportAsync(ExportRun run, ExportDestination destination, IExportProgress progress, CancellationToken cancellationToken)
    {
        var cursors = await OpenCursorsAsync(run, cancellationToken).ConfigureAwait(false);

        using var decryptor = new RecordingDecryptor(_keys);
        var completed = new List<string>();
        long toTicks = run.To.UtcTicks;
        long anchor = CutTicks(cursors, run.From.UtcTicks);
        int part = 1;
        string fileName = run.FileName;
        while (cursors.Any(c => c.HasSample))
        {
            await using var file = destination.Open(fileName);
            progress.FileStarted(file.Name);
            var (split, bytes) = await WritePartAsync(cursors, file.Stream, anchor, toTicks, decryptor, progress, cancellationToken).ConfigureAwait(false);
            if (bytes == 0)
            {
                break; // nothing in range (e.g. no key frame): no file
            }

            await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
            completed.Add(file.Name);
            progress.FileCompleted(file.Name);
            if (!split) break;

            anchor = cursors.Where(c => c.HasSample).Select(c => c.CurrentUtcTicks).DefaultIfEmpty(toTicks).Min();
            fileName = ExportPlanner.FileNameOf(run.Recording, new DateTimeOffset(anchor, TimeSpan.Zero), ++part);
        }

        return completed;
    }

    /// <summary>
    /// Writes <paramref name="run"/> as one clear fragmented MP4 to <paramref name="output"/> (the web console's
    /// playback of encrypted segments): the same reading, decryption and writing as a file export, without a
    /// destination, stopping at a codec change. Returns the bytes written (0: no key frame in the run).
    /// </summary>
    public async Task<long> WriteClearAsync(ExportRun run, Stream output, CancellationToken cancellationToken)
    {
        var cursors = await OpenCursorsAsync(run, cancellationToken).ConfigureAwait(false);

        if (!cursors.Any(c => c.HasSample))
        {
            return 0;
        }

        using var decryptor = new RecordingDecryptor(_keys);
        var (_, bytes) = await WritePartAsync(cursors, output, CutTicks(cursors, run.From.UtcTicks), run.To.UtcTicks, decryptor, NoProgress.Instance, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    private async Task<List<ExportStreamCursor>> OpenCursorsAsync(ExportRun run, CancellationToken cancellationToken)
    {
        var cursors = run.Objects.GroupBy(o => o.Stream).OrderBy(g => StreamOrder(g.Key))
            .Select(g => new ExportStreamCursor(g.Key, g, _read)).ToList();
        foreach (var cursor in cursors)
        {
            await cursor.LoadNextAsync(cancellationToken).ConfigureAwait(false);
        }

        return cursors;
    }

    /// <summary>
    /// Writes one MP4 from <paramref name="anchor"/> to <paramref name="stream"/> with the tracks the cursors hold now;
    /// whether a later codec change splits the run, and the bytes written (0: nothing in range).
    /// </summary>
    private async Task<(bool Split, long Bytes)> WritePartAsync(List<ExportStreamCursor> cursors, Stream stream, long anchor, long toTicks,
        RecordingDecryptor decryptor, IExportProgress progress, CancellationToken cancellationToken)
    {
        var (layout, signature) = Layout(cursors);
        var output = new FileOutput(stream);
        using var writer = new Mp4SegmentWriter(layout.Select(l => l.Description).ToList(), output, OneSegment);
        for (int i = 0; i < layout.Count; i++) writer.SetUtcAnchor(i, 0, new DateTime(anchor, DateTimeKind.Utc));
        bool split = await WriteSamplesAsync(cursors, layout, signature, writer, anchor, toTicks, decryptor, progress, cancellationToken).ConfigureAwait(false);
        writer.Finish();
        return (split, output.Bytes);
    }

    /// <summary>Feeds samples in UTC order until the end (false) or until a stream's next object has other tracks (true: split).</summary>
    private async Task<bool> WriteSamplesAsync(List<ExportStreamCursor> cursors, List<OutputTrack> layout, string signature, Mp4SegmentWriter writer,
        long anchor, long toTicks, RecordingDecryptor decryptor, IExportProgress progress, CancellationToken cancellationToken)
    {
        var units = new List<ReadOnlyMemory<byte>>(16);
        while (true)
        {
            ExportStreamCursor? next = null;
            foreach (var c in cursors)
            {
                if (c.HasSample && (next is null || c.CurrentUtcTicks < next.CurrentUtcTicks)) next = c;
            }

            if (next is null) return false;
            if (next.CurrentUtcTicks > toTicks)
            {
                progress.BytesDone(next.Object!.Bytes);
                next.Finish();
                continue;
            }

            if (next.CurrentUtcTicks >= anchor)
            {
                Write(next, layout, writer, anchor, decryptor, units);
            }

            next.Advance();
            if (!next.HasSample)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress.BytesDone(next.Object!.Bytes);
                await next.LoadNextAsync(cancellationToken).ConfigureAwait(false);
                if (next.File is not null && !signature.Contains(StreamSignature(next), StringComparison.Ordinal)) return true;
            }
        }
    }

    private void Write(ExportStreamCursor cursor, List<OutputTrack> layout, Mp4SegmentWriter writer, long anchor,
        RecordingDecryptor decryptor, List<ReadOnlyMemory<byte>> units)
    {
        Fmp4Sample s = cursor.Current;
        Fmp4File f = cursor.File!;
        Fmp4Track track = f.Tracks[s.TrackIndex];
        int output = layout.FindIndex(l => l.Stream == cursor.Stream && l.TrackIndex == s.TrackIndex);
        Memory<byte> bytes = f.Data.AsMemory(s.Offset, s.Length);
        if (track.Protection is { } protection)
        {
            decryptor.Decrypt(bytes.Span, protection, s.Iv, s.Subsamples);
        }

        long dts = cursor.OutputDts(anchor);
        int lengthSize = layout[output].NalLengthSize;
        if (lengthSize == 0)
        {
            writer.AddFrame(output, dts, bytes);
            return;
        }

        units.Clear();
        int at = 0;
        ReadOnlySpan<byte> span = bytes.Span;
        while (at + lengthSize <= span.Length)
        {
            int n = 0;
            for (int i = 0; i < lengthSize; i++) n = (n << 8) | span[at + i];
            at += lengthSize;
            if (n <= 0 || at + n > span.Length) break;
            units.Add(bytes.Slice(at, n));
            at += n;
        }

        writer.AddSample(output, dts, s.CompositionOffset, s.IsSync, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(units));
    }

    /// <summary>The last video key frame at or before <paramref name="fromTicks"/> (else the first key frame); without video, the start itself.</summary>
    private static long CutTicks(List<ExportStreamCursor> cursors, long fromTicks)
    {
        foreach (var c in cursors.Where(c => c.File is not null))
        {
            int video = c.File!.Tracks.ToList().FindIndex(t => t.Handler == "vide");
            if (video < 0) continue;
            long? best = null, first = null;
            while (c.HasSample)
            {
                var s = c.Current;
                if (s.TrackIndex == video && s.IsSync)
                {
                    first ??= c.CurrentUtcTicks;
                    if (c.CurrentUtcTicks <= fromTicks) best = c.CurrentUtcTicks;
                    else break;
                }

                c.Advance();
            }

            c.Rewind();
            return best ?? first ?? fromTicks;
        }

        return fromTicks;
    }

    private static (List<OutputTrack> Layout, string Signature) Layout(List<ExportStreamCursor> cursors)
    {
        var layout = new List<OutputTrack>();
        var signature = new System.Text.StringBuilder();
        foreach (var c in cursors.Where(c => c.File is not null))
        {
            for (int t = 0; t < c.File!.Tracks.Count; t++)
            {
                var track = c.File.Tracks[t];
                layout.Add(new OutputTrack(c.Stream, t, ExportTrackMapper.Describe(track), ExportTrackMapper.NalLengthSize(track)));
            }

            signature.Append(StreamSignature(c));
        }

        return (layout, signature.ToString());
    }

    /// <summary>The tracks of a stream's current object as text (format and codec configuration), bracketed by the stream name.</summary>
    private static string StreamSignature(ExportStreamCursor c)
    {
        var text = new System.Text.StringBuilder().Append('[').Append(c.Stream).Append('|');
        foreach (var track in c.File!.Tracks)
        {
            text.Append(track.Format).Append(':').Append(Convert.ToHexString(track.CodecConfiguration)).Append(';');
        }

        return text.Append(']').ToString();
    }

    private static int StreamOrder(string stream) => stream switch { "mp4" => 0, "m4v" => 1, "m4a" => 2, _ => 3 };

    private sealed record OutputTrack(string Stream, int TrackIndex, TrackDescription Description, int NalLengthSize);

    private sealed class NoProgress : IExportProgress
    {
        public static readonly NoProgress Instance = new();

        public void FileStarted(string name)
        {
        }

        public void BytesDone(long bytes)
        {
        }

        public void FileCompleted(string name)
        {
        }
    }

    private sealed class FileOutput(Stream stream) : ISegmentOutput
    {
        public long Bytes { get; private set; }

        public void BeginSegment(SegmentStarted segment)
        {
        }

        public void Write(IReadOnlyList<ReadOnlyMemory<byte>> pieces)
        {
            foreach (var piece in pieces)
            {
                stream.Write(piece.Span);
                Bytes += piece.Length;
            }
        }

        public void EndSegment(SegmentEnded segment)
        {
        }
    }
}
