using Nvr.Codecs.Mp4;

namespace Nvr.Recording.Replay;

/// <summary>
/// The parsed (clear) segment files of one replay of a recording, shared by its tracks (an MP4 segment holds all of them): at most
/// <see cref="Capacity"/> files stay loaded, the oldest is released first.
/// </summary>
internal sealed class SegmentFileCache
{
    public const int Capacity = 4;

    private readonly ISegmentObjectReader _reader;
    private readonly string _recording;
    private readonly LinkedList<(string Storage, string Key, Task<SegmentFile> File)> _files = new();

    public SegmentFileCache(ISegmentObjectReader reader, string recording)
    {
        _reader = reader;
        _recording = recording;
    }

    public Task<SegmentFile> GetAsync(string storage, string key, CancellationToken cancellationToken)
    {
        lock (_files)
        {
            for (var node = _files.First; node is not null; node = node.Next)
            {
                if (node.Value.Storage == storage && node.Value.Key == key)
                {
                    return node.Value.File;
                }
            }

            var load = LoadAsync(storage, key, cancellationToken);
            _files.AddLast((storage, key, load));
            if (_files.Count > Capacity)
            {
                _files.RemoveFirst();
            }

            return load;
        }
    }

    private async Task<SegmentFile> LoadAsync(string storage, string key, CancellationToken cancellationToken)
    {
        var bytes = await _reader.ReadAsync(_recording, storage, key, cancellationToken).ConfigureAwait(false);
        var (tracks, samples) = FragmentedMp4Reader.Read(bytes);
        // The writers' tfdt counts from the span origin; the index's segment start is its earliest first sample.
        var earliest = TimeSpan.MaxValue;
        foreach (var track in tracks)
        {
            foreach (var sample in samples)
            {
                if (sample.TrackId == track.TrackId)
                {
                    var at = SegmentFile.ToTime(sample.Dts, track.Timescale);
                    earliest = at < earliest ? at : earliest;
                    break;
                }
            }
        }

        return new SegmentFile(bytes, tracks, samples, earliest == TimeSpan.MaxValue ? TimeSpan.Zero : earliest);
    }
}

/// <summary>A loaded segment: its bytes and what <see cref="FragmentedMp4Reader"/> found in them.</summary>
/// <param name="FirstSampleTime">Decode time of the earliest first sample over the tracks (the index's segment start).</param>
internal sealed record SegmentFile(byte[] Bytes, IReadOnlyList<Mp4TrackInfo> Tracks, IReadOnlyList<Mp4Sample> Samples, TimeSpan FirstSampleTime)
{
    public static TimeSpan ToTime(long ticks, uint timescale) =>
        TimeSpan.FromTicks((ticks / timescale * TimeSpan.TicksPerSecond) + (ticks % timescale * TimeSpan.TicksPerSecond / timescale));
}
