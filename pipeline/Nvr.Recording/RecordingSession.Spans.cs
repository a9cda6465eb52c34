using Nvr.Codecs.Aac;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Fmp4;
using Nvr.Codecs.G711;
using Nvr.Codecs.Rfc6381;
using Nvr.Pipeline.Media;
using Nvr.Recording.Session;
using Nvr.Recording.Writing;
using Nvr.Storage.Keys;
using Nvr.Storage.Sinks;

namespace Nvr.Recording;

/// <summary>Opening and closing spans (B.2, B.6, B.7) (session loop only).</summary>
public sealed partial class RecordingSession
{
    private const int PendingLimit = 1024;
    private readonly List<SpanWriter> _openWriters = [];
    private readonly Queue<PendingFrame> _pending = new(64);
    private bool _spansOpen;
    private TrackLane? _masterLane;

    // the timeline a span closed at a key frame hands to the span that opens there (same mapping, no discontinuity)
    private TrackLane? _carryLane;
    private long _carryAnchorDts;
    private bool _storageFailing;
    private DateTime _carryAnchorUtc;
    private DateTime? _notBeforeUtc;

    /// <summary>
    /// The first span of the session does not start before the end of the recording's previous span
    /// (<see cref="RecordingSessionOptions.NotBeforeUtc"/>): a camera that hands a new client the key frame of its
    /// running GOP sends media the previous span already holds. Such units are discarded up to the first key frame
    /// at or after that end; later spans of the session follow their predecessor on the span timeline.
    /// </summary>
    private bool MayOpenFirstSpanAt(TrackLane lane, long dts)
    {
        if (_notBeforeUtc is not { } notBefore)
        {
            return true;
        }

        if (lane.UtcOf(dts) < notBefore)
        {
            return false;
        }

        _notBeforeUtc = null;
        return true;
    }

    private void OpenSpans(long triggerPts, long triggerDts)
    {
        _ = triggerPts;
        _ = triggerDts;
        var target = _target;
        var members = new List<(TrackLane Lane, TrackDescription Description, IDisposable? Protector)>();
        foreach (var lane in _lanes)
        {
            if (lane.Incompatible || lane.Stream is null)
            {
                continue;
            }

            var description = Describe(lane);
            if (description is null)
            {
                // A camera whose SDP and stream carry no usable codec configuration (no SPS/PPS, no AudioSpecificConfig):
                // the track cannot be written; say so once instead of looking Idle while every unit is discarded.
                if (lane.State != TrackRecordingState.Error)
                {
                    SetState(lane, TrackRecordingState.Error, TrackErrorReasons.NoCodecConfiguration);
                }

                continue;
            }

            IDisposable? protector = null;
            if (lane.Track.Kind != MediaKind.Metadata)
            {
                var p = _encryption.CreateProtector(lane.Token, description);
                if (p is not null)
                {
                    description = description.WithProtector(p);
                    protector = p;
                }
            }

            lane.SpanParameterSets = lane.Stream.ParameterSets;
            lane.Timescale = (int)description.Timescale;
            members.Add((lane, description, protector));
        }

        if (members.Count == 0)
        {
            return;
        }

        string fullContentType = FullContentType(members);
        if (target.Format == RecordingFormat.Mp4)
        {
            var writer = CreateWriter(SpanKind.Mp4, members, fullContentType, cmaf: false);
            for (int i = 0; i < members.Count; i++)
            {
                members[i].Lane.Writer = writer;
                members[i].Lane.WriterTrack = i;
            }
        }
        else
        {
            foreach (var kind in (ReadOnlySpan<MediaKind>)[MediaKind.Video, MediaKind.Audio, MediaKind.Metadata])
            {
                var ofKind = members.FindAll(m => m.Lane.Track.Kind == kind);
                if (ofKind.Count == 0)
                {
                    continue;
                }

                var spanKind = kind switch { MediaKind.Video => SpanKind.CmafVideo, MediaKind.Audio => SpanKind.CmafAudio, _ => SpanKind.CmafMetadata };
                var writer = CreateWriter(spanKind, ofKind.GetRange(0, 1), fullContentType, cmaf: true);
                ofKind[0].Lane.Writer = writer;
                ofKind[0].Lane.WriterTrack = 0;
                for (int i = 1; i < ofKind.Count; i++)
                {
                    // B.7 allows one span per track type: a second track of a type cannot be recorded in CMAF
                    ofKind[i].Lane.Incompatible = true;
                    ofKind[i].Protector?.Dispose();
                    SetState(ofKind[i].Lane, TrackRecordingState.Error, TrackErrorReasons.IncompatibleStream);
                }
            }
        }

        _masterLane = members.Find(m => m.Lane.Track.Kind == MediaKind.Video).Lane ?? members[0].Lane;
        _spansOpen = true;
        _newSpanRequested = false;
    }

    private SpanWriter CreateWriter(SpanKind kind, List<(TrackLane Lane, TrackDescription Description, IDisposable? Protector)> members, string fullContentType, bool cmaf)
    {
        var target = _target;
        var tokens = members.ConvertAll(m => m.Lane.Token);
        var descriptions = members.ConvertAll(m => m.Description);
        var protectors = members.ConvertAll(m => m.Protector).ToArray();
        SpanWriter? writer = null;
        var baseAttributes = BaseAttributes(target, tokens, descriptions, fullContentType);
        var output = new SinkSegmentOutput(
            _sinkQueue,
            kind,
            target.Prefix,
            target.Postfix,
            tokens,
            _ => baseAttributes with { VideoBitrate = writer is null ? null : AverageBitrateKbps(writer), AudioBitrate = writer is null ? null : AverageAudioBitrateKbps(writer) },
            () => writer?.Parameters.Current());
        writer = new SpanWriter(descriptions, output, cmaf, target.FragmentDuration, protectors);
        _openWriters.Add(writer);
        return writer;
    }

    /// <summary>Closes every open span: flushes the writers (last samples end at <paramref name="endUtc"/> when given) and queues the end objects.</summary>
    private void CloseSpans(SpanCloseReason reason, DateTime? endUtc)
    {
        if (!_spansOpen)
        {
            return;
        }

        _carryLane = null;
        if (reason is SpanCloseReason.SpanDuration or SpanCloseReason.MovieChanged && endUtc is not null &&
            _masterLane is { Writer: { } masterWriter, Clock.HasReference: true } master && masterWriter.IsAnchored(master.WriterTrack))
        {
            _carryLane = master;
            _carryAnchorDts = master.Clock.ReferencePts;
            _carryAnchorUtc = masterWriter.UtcOf(master.WriterTrack, _carryAnchorDts);
        }

        foreach (var writer in _openWriters)
        {
            writer.Finish(endUtc);
            writer.Output.WriteSpanEnd(reason); // SpanClosed is raised once the end object was written (after the span's segments)
            writer.Dispose();
        }

        _openWriters.Clear();
        foreach (var lane in _lanes)
        {
            lane.Writer = null;
        }

        _spansOpen = false;
        _masterLane = null;
    }

    private static bool ParameterSetsChanged(TrackLane lane) => ParameterSetComparison.Differ(lane.Stream?.ParameterSets, lane.SpanParameterSets);

    private static TrackDescription? Describe(TrackLane lane)
    {
        var stream = lane.Stream!;
        try
        {
            switch (stream.Codec)
            {
                case MediaCodec.H264 when stream.ParameterSets is { Sps: { } sps, Pps: { } pps }:
                    return TrackDescription.ForH264(sps, [pps]);
                case MediaCodec.H265 when stream.ParameterSets is { Vps: { } vps, Sps: { } sps, Pps: { } pps }:
                    return TrackDescription.ForH265(vps, sps, pps);
                case MediaCodec.Aac when stream.AacConfig.Length > 0:
                    return TrackDescription.ForAac(AudioSpecificConfig.Parse(stream.AacConfig));
                case MediaCodec.Pcmu:
                    return TrackDescription.ForG711(G711Variant.MuLaw, stream.ClockRate, stream.Channels);
                case MediaCodec.Pcma:
                    return TrackDescription.ForG711(G711Variant.ALaw, stream.ClockRate, stream.Channels);
                case MediaCodec.OnvifMetadata:
                    return TrackDescription.ForOnvifMetadata();
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            return null; // unparsable parameter sets / config: the track waits for usable ones
        }
    }

    private static int AudioTimescale(StreamDescription stream)
    {
        if (stream.Codec == MediaCodec.Aac && stream.AacConfig.Length > 0)
        {
            try
            {
                return AudioSpecificConfig.Parse(stream.AacConfig).SampleRate;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
            {
                return stream.ClockRate;
            }
        }

        return stream.ClockRate;
    }

    private static string FullContentType(List<(TrackLane Lane, TrackDescription Description, IDisposable? Protector)> members)
    {
        var codecs = new List<string>(members.Count);
        foreach (var m in members)
        {
            if (m.Description.Kind != TrackKind.Metadata)
            {
                codecs.Add(m.Description.CodecsParameter);
            }
        }

        return CodecString.ContentType("video/mp4", codecs);
    }

    /// <summary>B.9 attributes known when a span opens; the channel identifiers are the recording's track tokens.</summary>
    private static SegmentAttributes BaseAttributes(RecordingTarget target, List<string> tokens, List<TrackDescription> tracks, string fullContentType)
    {
        var attributes = new SegmentAttributes { Source = target.Source, EventTopic = target.EventTopic, FullContentType = fullContentType };
        int video = tracks.FindIndex(t => t.Kind == TrackKind.Video);
        int audio = tracks.FindIndex(t => t.Kind == TrackKind.Audio);
        if (video >= 0)
        {
            var v = tracks[video];
            attributes = attributes with { VideoChannel = tokens[video], VideoWidth = v.Width, VideoHeight = v.Height, VideoFramerate = v.FrameRate };
        }

        if (audio >= 0)
        {
            attributes = attributes with { AudioChannel = tokens[audio], AudioSampleRate = tracks[audio].SampleRate / 1000 };
        }

        return attributes;
    }

    private static int? AverageBitrateKbps(SpanWriter writer)
    {
        if (writer.Tracks[writer.PrimaryIndex].Kind != TrackKind.Video || writer.LastPrimaryDts <= writer.SpanStartDts)
        {
            return null;
        }

        double seconds = (writer.LastPrimaryDts - writer.SpanStartDts) / (double)writer.Tracks[writer.PrimaryIndex].Timescale;
        return (int)Math.Round(writer.PrimaryBytes * 8 / seconds / 1000);
    }

    /// <summary>B.9 AudioBitrate: the span's audio bytes over its audio time so far (kbit/s); null before two frames.</summary>
    private static int? AverageAudioBitrateKbps(SpanWriter writer)
    {
        var primary = writer.Tracks[writer.PrimaryIndex];
        var (bytes, first, last, timescale) = primary.Kind == TrackKind.Audio
            ? (writer.PrimaryBytes, writer.SpanStartDts, writer.LastPrimaryDts, primary.Timescale)
            : writer.AudioTrack >= 0
                ? (writer.AudioBytes, writer.FirstAudioDts, writer.LastAudioDts, writer.Tracks[writer.AudioTrack].Timescale)
                : (0L, 0L, 0L, 1u);
        if (last <= first)
        {
            return null;
        }

        double seconds = (last - first) / (double)timescale;
        return (int)Math.Round(bytes * 8 / seconds / 1000);
    }

    private void OnSegmentCompleted(SegmentCompleted completed)
    {
        if (completed.Stored)
        {
            _storageFailing = false; // the storage took a whole segment again: tracks go Active with their next written key
        }

        _segmentsCompleted++;
        _bytesWritten += completed.Bytes;
        SegmentCompleted?.Invoke(completed);
    }

    /// <summary>
    /// A sink operation failed (disk full, I/O error): counted, and the tracks being written are Error with the reason
    /// until a segment is stored again, so a job never looks Active while nothing reaches its storage.
    /// </summary>
    private void OnStorageFailed(Exception error)
    {
        _storageFailures++;
        StorageFailed?.Invoke(error);
        if (_storageFailing || _stopping)
        {
            return;
        }

        _storageFailing = true;
        foreach (var lane in _lanes)
        {
            if (lane.Writer is not null && lane.State == TrackRecordingState.Active)
            {
                SetState(lane, TrackRecordingState.Error, $"{TrackErrorReasons.StorageFailed}: {error.Message}");
            }
        }
    }
}
