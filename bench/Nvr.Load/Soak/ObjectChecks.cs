using System.Security.Cryptography;

namespace Nvr.Load.Soak;

/// <summary>A segment checked once (first seen complete), remembered to prove it never changes afterwards.</summary>
/// <param name="Start">Key time (UTC of the first sample, truncated to ms).</param>
/// <param name="End">Start + Duration, or + the media time ffprobe found for a recovered segment (no Duration).</param>
public sealed record CheckedSegment(ObjectPlace Place, string Key, long Length, string Sha256, DateTimeOffset Start, DateTimeOffset End, long Counter, bool Recovered);

/// <summary>
/// The per-object checks of the soak, from outside: every complete object probes clean with ffprobe; one presented as
/// complete (with a Duration) holds that much media; a segment left open by a kill comes back under its key cut to
/// exactly the durable length its journal named, or is absent when nothing was durable; no object changes once seen.
/// </summary>
public sealed class ObjectChecks(StoredObjects storage, SoakReport report, string scratch, TextWriter log)
{
    /// <summary>Media in a complete segment may differ from its Duration by less than this (one frame and rounding).</summary>
    public static readonly TimeSpan DurationTolerance = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<(ObjectPlace, string), OpenSegment> _pending = [];
    private readonly HashSet<string> _recoveredKeys = new(StringComparer.Ordinal);

    /// <summary>Checked segments by key (local and bucket; keys carry the camera's postfix, so they never clash).</summary>
    public Dictionary<string, CheckedSegment> Segments { get; } = new(StringComparer.Ordinal);

    public int PendingRecoveries => _pending.Count;

    public double MaxDurationDeviationMs { get; private set; }

    /// <summary>After a kill: the open segments to verify once recovery ran (kept from earlier kills if still partial).</summary>
    public void NoteOpenSegments(IReadOnlyList<OpenSegment> open)
    {
        foreach (var segment in open)
        {
            _pending[(segment.Place, segment.Key)] = segment;
        }
    }

    /// <summary>Verifies every pending open segment whose partial is gone; returns how many remain.</summary>
    public async Task<int> VerifyRecoveriesAsync(IReadOnlyList<OpenSegment> stillOpen, CancellationToken cancellationToken)
    {
        var open = stillOpen.Select(o => (o.Place, o.Key)).ToHashSet();
        Dictionary<string, StoredObject>? bucket = null;
        foreach (var ((place, key), segment) in _pending.Where(p => !open.Contains(p.Key)).ToList())
        {
            _pending.Remove((place, key));
            var expected = segment.DurableLength > 0 && segment.DurableLength <= segment.LengthOnDisk ? segment.DurableLength : 0;
            // the spool first, then the bucket: an upload moves an object from the one to the other, never back
            var found = place == ObjectPlace.Local ? Length(Path.Combine(storage.LocalRoot, key)) : Length(Path.Combine(storage.SpoolRoot, key));
            if (found is null && place == ObjectPlace.Spool)
            {
                bucket = (await storage.BucketAsync(cancellationToken)).ToDictionary(o => o.Key, StringComparer.Ordinal);
                found = bucket.TryGetValue(key, out var o) ? o.Length : null;
            }

            if (expected == 0)
            {
                report.DroppedPartials++;
                if (found is not null)
                {
                    report.Violation($"{key}: no durable fragment at the kill, yet an object of {found} bytes is presented under its key");
                }

                continue;
            }

            if (found != expected)
            {
                report.Violation($"{key}: recovered to {found?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"} bytes, its journal named {expected} durable");
                continue;
            }

            report.RecoveredSegments++;
            report.BytesCut += segment.LengthOnDisk - expected;
            _recoveredKeys.Add(key);
        }

        return _pending.Count;
    }

    /// <summary>Checks every complete local file and bucket object not checked yet; known ones must be unchanged.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in storage.Files(ObjectPlace.Local))
        {
            await CheckAsync(stored, storage.PathOf(stored), download: false, cancellationToken);
        }

        // The bucket first, then the spool: an object still in the spool is not uploaded as far as the appliance is
        // concerned (it deletes it only after a successful upload). s3rver lists an object while its PUT is streaming
        // (0 bytes at a kill mid-upload; real S3 stores nothing from an aborted PUT): such objects are checked later.
        var bucket = await storage.BucketAsync(cancellationToken);
        var spooled = storage.Files(ObjectPlace.Spool).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var stored in bucket.Where(o => !spooled.Contains(o.Key)))
        {
            await CheckAsync(stored, Path.Combine(scratch, "object.mp4"), download: true, cancellationToken);
        }
    }

    /// <summary>At the end: every local segment still has the bytes it had when first checked.</summary>
    public void VerifyLocalHashes()
    {
        foreach (var segment in Segments.Values.Where(s => s.Place == ObjectPlace.Local))
        {
            var path = Path.Combine(storage.LocalRoot, segment.Key);
            if (!File.Exists(path) || Sha256(path) != segment.Sha256)
            {
                report.Violation($"{segment.Key}: changed or removed after it was checked");
            }
        }
    }

    private async Task CheckAsync(StoredObject stored, string path, bool download, CancellationToken cancellationToken)
    {
        if (Segments.TryGetValue(stored.Key, out var known))
        {
            if (known.Length != stored.Length || known.Place != stored.Place)
            {
                report.Violation($"{stored.Key}: {known.Place} object of {known.Length} bytes is now {stored.Place} {stored.Length} bytes (a key reused)");
                Segments[stored.Key] = known with { Length = stored.Length, Place = stored.Place };
            }

            return;
        }

        var duration = stored.Duration;
        if (download)
        {
            duration = await storage.DownloadAsync(stored.Key, path, cancellationToken);
            stored = stored with { Length = new FileInfo(path).Length }; // what was read, not what a listing said a moment before
        }

        if (stored.Parsed.IsSpanEnd)
        {
            Remember(stored, path, stored.Parsed.Time, recovered: false);
            if (stored.Length != 0)
            {
                report.Violation($"{stored.Key}: span end object of {stored.Length} bytes (must be empty)");
            }

            return;
        }

        var probe = await MediaProbe.ProbeAsync(path, cancellationToken);
        var recovered = _recoveredKeys.Contains(stored.Key);
        if (!probe.Clean)
        {
            report.Violation($"{stored.Key} ({stored.Place}, {stored.Length} bytes{(recovered ? ", recovered" : string.Empty)}): ffprobe {probe.Error}");
        }

        if (duration is { } d)
        {
            var deviation = Math.Abs(probe.MediaSeconds - d.TotalSeconds) * 1000;
            MaxDurationDeviationMs = Math.Max(MaxDurationDeviationMs, deviation);
            if (deviation > DurationTolerance.TotalMilliseconds) // recovered ones carry the media time they kept
            {
                report.Violation($"{stored.Key}: presented as complete with Duration {d.TotalSeconds:F3} s but holds {probe.MediaSeconds:F3} s of media");
            }
        }
        else if (!recovered)
        {
            report.Violation($"{stored.Key} ({stored.Place}): a segment under its key without a Duration that no recovery made");
        }

        Remember(stored, path, stored.Parsed.Time + (duration ?? TimeSpan.FromSeconds(probe.MediaSeconds)), recovered);
        if (stored.Place == ObjectPlace.Local)
        {
            report.LocalSegmentsChecked++;
        }
        else
        {
            report.S3ObjectsChecked++;
        }
    }

    private void Remember(StoredObject stored, string path, DateTimeOffset end, bool recovered)
    {
        Segments[stored.Key] = new CheckedSegment(stored.Place, stored.Key, stored.Length, Sha256(path), stored.Parsed.Time, end, stored.Parsed.Counter, recovered);
        if (stored.Place == ObjectPlace.Bucket)
        {
            File.Delete(path);
        }
    }

    private static long? Length(string path) => File.Exists(path) ? new FileInfo(path).Length : null;

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    internal void Log(string text) => log.WriteLine(text);
}
