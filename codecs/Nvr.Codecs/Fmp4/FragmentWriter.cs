using System.Buffers;
using System.Buffers.Binary;
using Nvr.Codecs.Mp4;

namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Builds one <c>moof</c> + <c>mdat</c> from the tracks' pending samples into pooled buffers and collects the
/// vectored pieces (box bytes, NAL length prefixes, referenced payloads), and builds the <c>mfra</c> trailer.
/// </summary>
internal sealed class FragmentWriter : IDisposable
{
    private const uint TrunDataOffset = 0x000001, TrunDuration = 0x000100, TrunSize = 0x000200, TrunFlags = 0x000400, TrunCto = 0x000800;
    private const uint SyncSampleFlags = 0x02000000, NonSyncSampleFlags = 0x01010000;

    private readonly BoxWriter _encrypted = new(1 << 16);
    private readonly List<ReadOnlyMemory<byte>> _pieces = new(256);
    private byte[] _prefixes = ArrayPool<byte>.Shared.Rent(4096);
    private int[] _dataOffsetPatch = new int[8];
    private int[] _encryptedStart = new int[8];
    private uint _sequenceNumber;

    public BoxWriter Box { get; } = new(1 << 14);

    public List<ReadOnlyMemory<byte>> Pieces => _pieces;

    /// <summary>
    /// Appends moof + mdat header to <see cref="Box"/> (which may already hold the segment header) and fills
    /// <see cref="Pieces"/>. <paramref name="emit"/>[i] samples of track i are written; the last one's duration is
    /// <paramref name="lastDuration"/>[i]. Returns the total fragment byte count written into pieces (incl. header).
    /// </summary>
    public long Build(TrackState[] tracks, int[] emit, long[] lastDuration, long segmentOffset)
    {
        if (tracks.Length > _dataOffsetPatch.Length) Array.Resize(ref _dataOffsetPatch, tracks.Length);
        if (tracks.Length > _encryptedStart.Length) Array.Resize(ref _encryptedStart, tracks.Length);
        BoxWriter w = Box;
        _pieces.Clear();
        _encrypted.Reset();

        // Encrypt first: the protector learns IVs / subsamples it then writes into senc.
        for (int i = 0; i < tracks.Length; i++)
        {
            TrackState t = tracks[i];
            ITrackProtector? p = t.Protector;
            if (emit[i] == 0 || p is null) continue;
            long total = SumSizes(t, emit[i]);
            _encryptedStart[i] = _encrypted.Position;
            p.EncryptFragment(t.View(emit[i], total), _encrypted);
            if (_encrypted.Position - _encryptedStart[i] != total) ThrowProtectorSize();
        }

        int moofStart = w.Position;
        int moof = w.StartBox("moof"u8);
        int mfhd = w.StartFullBox("mfhd"u8, 0, 0);
        w.WriteUInt32(++_sequenceNumber);
        w.EndBox(mfhd);
        uint trafNumber = 0;
        for (int i = 0; i < tracks.Length; i++)
        {
            if (emit[i] == 0) continue;
            trafNumber++;
            WriteTraf(w, tracks[i], emit[i], lastDuration[i], i, moofStart, segmentOffset, trafNumber);
        }
        w.EndBox(moof);

        long payload = 0;
        for (int i = 0; i < tracks.Length; i++)
        {
            if (emit[i] == 0) continue;
            w.PatchUInt32(_dataOffsetPatch[i], checked((uint)(w.Position - moofStart + 8 + payload)));
            payload += SumSizes(tracks[i], emit[i]);
        }
        w.WriteUInt32(checked((uint)(8 + payload)));
        w.WriteFourCc("mdat"u8);
        _pieces.Add(w.WrittenMemory);
        AddPayloadPieces(tracks, emit);
        return w.Position + payload;
    }

    /// <summary>Writes the mfra (one tfra per track, every entry collected this segment) + mfro into <see cref="Box"/>.</summary>
    public void BuildMfra(TrackState[] tracks)
    {
        BoxWriter w = Box;
        w.Reset();
        _pieces.Clear();
        int mfra = w.StartBox("mfra"u8);
        foreach (TrackState t in tracks)
        {
            int tfra = w.StartFullBox("tfra"u8, 1, 0);
            w.WriteUInt32(t.TrackId);
            w.WriteUInt32(0x3F); // 4-byte traf_number, trun_number and sample_number
            w.WriteUInt32((uint)t.TfraCount);
            for (int k = 0; k < t.TfraCount; k++)
            {
                TfraEntry e = t.Tfra[k];
                w.WriteUInt64((ulong)e.Time);
                w.WriteUInt64((ulong)e.MoofOffset);
                w.WriteUInt32(e.TrafNumber);
                w.WriteUInt32(1);
                w.WriteUInt32(e.SampleNumber);
            }
            w.EndBox(tfra);
        }
        int mfro = w.StartFullBox("mfro"u8, 0, 0);
        w.WriteUInt32(checked((uint)(w.Position + 4 - mfra)));
        w.EndBox(mfro);
        w.EndBox(mfra);
        _pieces.Add(w.WrittenMemory);
    }

    public void Dispose()
    {
        Box.Dispose();
        _encrypted.Dispose();
        ArrayPool<byte>.Shared.Return(_prefixes);
        _prefixes = [];
    }

    private void WriteTraf(BoxWriter w, TrackState t, int count, long lastDuration, int index, int moofStart, long segmentOffset, uint trafNumber)
    {
        int traf = w.StartBox("traf"u8);
        int tfhd = w.StartFullBox("tfhd"u8, 0, 0x020000); // default-base-is-moof
        w.WriteUInt32(t.TrackId);
        w.EndBox(tfhd);
        int tfdt = w.StartFullBox("tfdt"u8, 1, 0);
        w.WriteUInt64((ulong)(t.Dts[0] - t.OriginDts));
        w.EndBox(tfdt);

        bool video = t.Description.Kind == TrackKind.Video;
        bool anyCto = false, negativeCto = false;
        int firstSync = -1;
        for (int k = 0; k < count; k++)
        {
            anyCto |= t.Cto[k] != 0;
            negativeCto |= t.Cto[k] < 0;
            if (firstSync < 0 && t.Sync[k]) firstSync = k;
        }
        uint flags = TrunDataOffset | TrunDuration | TrunSize | (video ? TrunFlags : 0) | (anyCto ? TrunCto : 0);
        int trun = w.StartFullBox("trun"u8, negativeCto ? (byte)1 : (byte)0, flags);
        w.WriteUInt32((uint)count);
        _dataOffsetPatch[index] = w.Position;
        w.WriteUInt32(0);
        for (int k = 0; k < count; k++)
        {
            long duration = k + 1 < count ? t.Dts[k + 1] - t.Dts[k] : lastDuration;
            w.WriteUInt32(checked((uint)duration));
            w.WriteUInt32((uint)t.Size[k]);
            if (video) w.WriteUInt32(t.Sync[k] ? SyncSampleFlags : NonSyncSampleFlags);
            if (anyCto) w.WriteInt32(t.Cto[k]);
        }
        w.EndBox(trun);
        t.Protector?.WriteSampleEncryptionBoxes(w, moofStart);
        w.EndBox(traf);

        int entry = firstSync < 0 ? 0 : firstSync;
        t.AddTfra(new TfraEntry(t.Dts[entry] + t.Cto[entry] - t.OriginDts, segmentOffset + moofStart, trafNumber, (uint)entry + 1));
    }

    private void AddPayloadPieces(TrackState[] tracks, int[] emit)
    {
        int prefixBytes = 0;
        for (int i = 0; i < tracks.Length; i++)
        {
            TrackState t = tracks[i];
            if (emit[i] == 0 || t.NalLengthSize == 0 || t.Protector is not null) continue;
            for (int k = 0; k < emit[i]; k++) prefixBytes += 4 * t.UnitCount[k];
        }
        if (_prefixes.Length < prefixBytes)
        {
            ArrayPool<byte>.Shared.Return(_prefixes);
            _prefixes = ArrayPool<byte>.Shared.Rent(prefixBytes);
        }
        int p = 0;
        for (int i = 0; i < tracks.Length; i++)
        {
            TrackState t = tracks[i];
            if (emit[i] == 0) continue;
            if (t.Protector is not null)
            {
                _pieces.Add(_encrypted.WrittenMemory.Slice(_encryptedStart[i], (int)SumSizes(t, emit[i])));
                continue;
            }
            ReadOnlyMemory<byte>[] units = t.Units;
            int end = t.FirstUnit[emit[i] - 1] + t.UnitCount[emit[i] - 1];
            for (int u = 0; u < end; u++)
            {
                if (t.NalLengthSize == 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(_prefixes.AsSpan(p, 4), (uint)units[u].Length);
                    _pieces.Add(new ReadOnlyMemory<byte>(_prefixes, p, 4));
                    p += 4;
                }
                _pieces.Add(units[u]);
            }
        }
    }

    private static long SumSizes(TrackState t, int count)
    {
        long sum = 0;
        for (int k = 0; k < count; k++) sum += t.Size[k];
        return sum;
    }

    private static void ThrowProtectorSize() =>
        throw new InvalidOperationException("ITrackProtector.EncryptFragment must write exactly FragmentSamples.TotalSize bytes.");
}
