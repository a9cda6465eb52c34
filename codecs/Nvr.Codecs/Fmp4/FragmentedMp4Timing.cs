using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Reads how much media a fragmented MP4 holds without trusting it: the timescale of every track from
/// <c>moov/trak/mdia/mdhd</c> (track id from <c>tkhd</c>), then for every <c>moof/traf</c> the track's decode time
/// (<c>tfdt</c>) and sample durations (<c>trun</c>, else the <c>tfhd</c> default). Used on segments recovered after a
/// crash, which carry no Duration: their span is the latest sample end minus the earliest decode time over all tracks
/// (the <see cref="SegmentEnded.Duration"/> a completed segment would have had). Only box headers, <c>moov</c> and
/// <c>moof</c> are read; anything malformed or truncated ends the walk (what was read before counts).
/// </summary>
public static class FragmentedMp4Timing
{
    private const int MaxBoxPayload = 16 << 20; // a moov or moof larger than this is not ours

    /// <summary>The media time covered, or null when there is no moov or no fragment with samples of a known track.</summary>
    public static TimeSpan? MediaDuration(string path) => Read(path)?.Duration;

    /// <summary>The media time covered and the handler types (<c>vide</c>, <c>soun</c>, <c>meta</c>…) of the tracks holding samples.</summary>
    public static MediaExtent? Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Read(handle, RandomAccess.GetLength(handle));
    }

    public static MediaExtent? Read(SafeFileHandle file, long length)
    {
        var timescales = new Dictionary<uint, (uint Scale, string Handler)>();
        var first = new Dictionary<uint, ulong>();
        var end = new Dictionary<uint, ulong>();
        Span<byte> header = stackalloc byte[16];
        for (long offset = 0; offset + 8 <= length;)
        {
            var read = RandomAccess.Read(file, header, offset);
            if (read < 8)
            {
                break;
            }

            long size = BinaryPrimitives.ReadUInt32BigEndian(header);
            var headerSize = 8;
            if (size == 1)
            {
                if (read < 16)
                {
                    break;
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(header[8..]), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = length - offset;
            }

            if (size < headerSize || size > length - offset)
            {
                break; // torn or malformed: what follows cannot be trusted
            }

            var type = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            if ((type == Moov || type == Moof) && size - headerSize <= MaxBoxPayload)
            {
                var payload = new byte[size - headerSize];
                if (RandomAccess.Read(file, payload, offset + headerSize) != payload.Length)
                {
                    break;
                }

                if (type == Moov)
                {
                    ReadMovie(payload, timescales);
                }
                else
                {
                    ReadFragment(payload, first, end);
                }
            }

            offset += size;
        }

        double? earliest = null, latest = null;
        var handlers = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (track, start) in first)
        {
            if (!timescales.TryGetValue(track, out var known) || known.Scale == 0)
            {
                continue;
            }

            earliest = Math.Min(earliest ?? double.MaxValue, (double)start / known.Scale);
            latest = Math.Max(latest ?? double.MinValue, (double)end[track] / known.Scale);
            handlers.Add(known.Handler);
        }

        return earliest is { } e && latest is { } l && l >= e ? new MediaExtent(TimeSpan.FromSeconds(l - e), [.. handlers]) : null;
    }

    private static readonly uint Moov = Type("moov"), Moof = Type("moof"), Trak = Type("trak"), Tkhd = Type("tkhd"), Mdia = Type("mdia"),
        Mdhd = Type("mdhd"), Hdlr = Type("hdlr"), Traf = Type("traf"), Tfhd = Type("tfhd"), Tfdt = Type("tfdt"), Trun = Type("trun");

    private static uint Type(string fourCc) => BinaryPrimitives.ReadUInt32BigEndian(System.Text.Encoding.ASCII.GetBytes(fourCc));

    private static void ReadMovie(ReadOnlySpan<byte> moov, Dictionary<uint, (uint Scale, string Handler)> timescales)
    {
        foreach (var (type, trak) in Children(moov))
        {
            if (type != Trak)
            {
                continue;
            }

            uint? id = null, scale = null;
            var handler = string.Empty;
            foreach (var (childType, child) in Children(trak))
            {
                if (childType == Tkhd && child.Length >= 4)
                {
                    var offset = child[0] == 1 ? 20 : 12; // version 1: 64-bit creation/modification times
                    id = child.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32BigEndian(child[offset..]) : null;
                }
                else if (childType == Mdia)
                {
                    foreach (var (mdiaType, mdhd) in Children(child))
                    {
                        if (mdiaType == Mdhd && mdhd.Length >= 4)
                        {
                            var offset = mdhd[0] == 1 ? 20 : 12;
                            scale = mdhd.Length >= offset + 4 ? BinaryPrimitives.ReadUInt32BigEndian(mdhd[offset..]) : null;
                        }
                        else if (mdiaType == Hdlr && mdhd.Length >= 12)
                        {
                            handler = System.Text.Encoding.ASCII.GetString(mdhd, 8, 4); // after version/flags and pre_defined
                        }
                    }
                }
            }

            if (id is { } trackId && scale is { } timescale)
            {
                timescales[trackId] = (timescale, handler);
            }
        }
    }

    private static void ReadFragment(ReadOnlySpan<byte> moof, Dictionary<uint, ulong> first, Dictionary<uint, ulong> end)
    {
        foreach (var (type, traf) in Children(moof))
        {
            if (type != Traf)
            {
                continue;
            }

            uint? track = null;
            uint defaultDuration = 0;
            ulong? decodeTime = null;
            ulong durations = 0;
            foreach (var (childType, child) in Children(traf))
            {
                if (childType == Tfhd && child.Length >= 8)
                {
                    track = BinaryPrimitives.ReadUInt32BigEndian(child[4..]);
                    var flags = BinaryPrimitives.ReadUInt32BigEndian(child) & 0xFFFFFF;
                    var at = 8 + ((flags & 0x01) != 0 ? 8 : 0) + ((flags & 0x02) != 0 ? 4 : 0);
                    if ((flags & 0x08) != 0 && child.Length >= at + 4)
                    {
                        defaultDuration = BinaryPrimitives.ReadUInt32BigEndian(child[at..]);
                    }
                }
                else if (childType == Tfdt && child.Length >= 8)
                {
                    decodeTime = child[0] == 1 && child.Length >= 12 ? BinaryPrimitives.ReadUInt64BigEndian(child[4..]) : BinaryPrimitives.ReadUInt32BigEndian(child[4..]);
                }
                else if (childType == Trun)
                {
                    durations += RunDuration(child, defaultDuration);
                }
            }

            if (track is { } id && decodeTime is { } start && durations > 0)
            {
                first[id] = first.TryGetValue(id, out var known) ? Math.Min(known, start) : start;
                end[id] = Math.Max(end.GetValueOrDefault(id), start + durations);
            }
        }
    }

    /// <summary>Sum of a trun's sample durations (the tfhd default where the trun carries none); 0 when malformed.</summary>
    private static ulong RunDuration(ReadOnlySpan<byte> trun, uint defaultDuration)
    {
        if (trun.Length < 8)
        {
            return 0;
        }

        var flags = BinaryPrimitives.ReadUInt32BigEndian(trun) & 0xFFFFFF;
        var count = BinaryPrimitives.ReadUInt32BigEndian(trun[4..]);
        var at = 8 + ((flags & 0x001) != 0 ? 4 : 0) + ((flags & 0x004) != 0 ? 4 : 0);
        var perSample = ((flags & 0x100) != 0 ? 4 : 0) + ((flags & 0x200) != 0 ? 4 : 0) + ((flags & 0x400) != 0 ? 4 : 0) + ((flags & 0x800) != 0 ? 4 : 0);
        if ((flags & 0x100) == 0)
        {
            return (ulong)count * defaultDuration;
        }

        if (count > (uint)Math.Max(0, (trun.Length - at) / perSample))
        {
            return 0; // claims more samples than it holds
        }

        ulong total = 0;
        for (var i = 0; i < count; i++)
        {
            total += BinaryPrimitives.ReadUInt32BigEndian(trun[(at + (i * perSample))..]);
        }

        return total;
    }

    /// <summary>The child boxes of a container payload, (type, payload) in order; stops at the first malformed header.</summary>
    private static List<(uint Type, byte[] Payload)> Children(ReadOnlySpan<byte> container)
    {
        var children = new List<(uint, byte[])>();
        for (var offset = 0; offset + 8 <= container.Length;)
        {
            long size = BinaryPrimitives.ReadUInt32BigEndian(container[offset..]);
            var headerSize = 8;
            if (size == 1)
            {
                if (offset + 16 > container.Length)
                {
                    break;
                }

                size = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(container[(offset + 8)..]), long.MaxValue);
                headerSize = 16;
            }
            else if (size == 0)
            {
                size = container.Length - offset;
            }

            if (size < headerSize || size > container.Length - offset)
            {
                break;
            }

            children.Add((BinaryPrimitives.ReadUInt32BigEndian(container[(offset + 4)..]), container.Slice(offset + headerSize, (int)size - headerSize).ToArray()));
            offset += (int)size;
        }

        return children;
    }
}

/// <summary>What a fragmented MP4 holds: its media time and the handler types of the tracks with samples.</summary>
public sealed record MediaExtent(TimeSpan Duration, IReadOnlyList<string> Handlers);
