using Nvr.Codecs.Mp4.Reading;

namespace Nvr.Recording.Export;

/// <summary>
/// Reads one stream of segment objects (e.g. the <c>m4v</c> objects of a CMAF recording, or the <c>mp4</c> ones)
/// one object at a time and yields its samples in UTC order. Only the current object is held in memory.
/// UTC of a sample = the object's first-sample UTC (index) + (its decode time − the earliest decode time in the
/// object) / timescale: all tracks of an Annex B segment share one origin.
/// </summary>
internal sealed class ExportStreamCursor
{
    private readonly Queue<ExportObject> _pending;
    private readonly Func<ExportObject, CancellationToken, Task<byte[]>> _read;
    private (long Utc, int Sample)[] _order = [];
    private long[] _originTicks = [];
    private int _position;

    public ExportStreamCursor(string stream, IEnumerable<ExportObject> objects, Func<ExportObject, CancellationToken, Task<byte[]>> read)
    {
        Stream = stream;
        _pending = new Queue<ExportObject>(objects);
        _read = read;
    }

    public string Stream { get; }

    /// <summary>The object whose samples are being read; null before the first load and after the last.</summary>
    public Fmp4File? File { get; private set; }

    /// <summary>The current object's bytes (counted in progress once it is done).</summary>
    public ExportObject? Object { get; private set; }

    /// <summary>Set once no sample of this stream is wanted any more.</summary>
    public bool Done { get; private set; }

    public bool HasSample => !Done && File is not null && _position < _order.Length;

    public long CurrentUtcTicks => _order[_position].Utc;

    public Fmp4Sample Current => File!.Samples[_order[_position].Sample];

    /// <summary>The output DTS of the current sample on a timeline that starts (DTS 0) at <paramref name="anchorTicks"/>.</summary>
    public long OutputDts(long anchorTicks)
    {
        Fmp4Sample s = Current;
        uint timescale = File!.Tracks[s.TrackIndex].Timescale;
        long offset = (long)Math.Round((_originTicks[s.TrackIndex] - anchorTicks) * (double)timescale / TimeSpan.TicksPerSecond);
        return s.Dts + offset;
    }

    public void Advance() => _position++;

    public void Finish() => Done = true;

    public void Rewind() => _position = 0;

    /// <summary>Loads the next object (false when none is left).</summary>
    public async Task<bool> LoadNextAsync(CancellationToken cancellationToken)
    {
        File = null;
        Object = null;
        if (Done || !_pending.TryDequeue(out var next))
        {
            Done = true;
            return false;
        }

        var file = Fmp4File.Parse(await _read(next, cancellationToken).ConfigureAwait(false));
        var firstDts = new long[file.Tracks.Count];
        Array.Fill(firstDts, long.MaxValue);
        foreach (var s in file.Samples)
        {
            firstDts[s.TrackIndex] = Math.Min(firstDts[s.TrackIndex], s.Dts);
        }

        // the segment's first sample (its key/index time) is the earliest of the tracks' first samples
        double earliestSeconds = double.MaxValue;
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            if (firstDts[t] != long.MaxValue)
            {
                earliestSeconds = Math.Min(earliestSeconds, firstDts[t] / (double)file.Tracks[t].Timescale);
            }
        }

        long startTicks = next.Start.UtcTicks;
        _originTicks = new long[file.Tracks.Count];
        for (int t = 0; t < file.Tracks.Count; t++)
        {
            _originTicks[t] = startTicks - (long)Math.Round(earliestSeconds * TimeSpan.TicksPerSecond);
        }

        _order = new (long, int)[file.Samples.Count];
        for (int i = 0; i < file.Samples.Count; i++)
        {
            var s = file.Samples[i];
            _order[i] = (_originTicks[s.TrackIndex] + (long)Math.Round(s.Dts * (double)TimeSpan.TicksPerSecond / file.Tracks[s.TrackIndex].Timescale), i);
        }

        Array.Sort(_order); // by UTC, then by file position
        _position = 0;
        File = file;
        Object = next;
        return true;
    }
}
