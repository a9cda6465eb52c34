using Nvr.Codecs.Cenc.Config;
using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Fmp4;

namespace Nvr.Codecs.Cenc.Tests.Support;

/// <summary>
/// Records elementary streams into MP4 segments with the real segment writer (codecs/Fmp4), protecting the tracks
/// an <see cref="EncryptionConfiguration"/> covers. Track tokens: "VIDEO" (index 0) and "AUDIO" (index 1).
/// </summary>
internal static class SegmentRecorder
{
    public const string VideoToken = "VIDEO";
    public const string AudioToken = "AUDIO";

    public static List<string> Record(ElementaryStreams es, EncryptionConfiguration config, string directory, string name, TimeSpan segmentDuration, bool withAudio = true,
        Action<int, IReadOnlyList<CencTrackProtector>>? beforeVideoSample = null)
    {
        TrackDescription video = es.IsH265
            ? TrackDescription.ForH265(es.FindNal(32), es.FindNal(33), es.FindNal(34))
            : TrackDescription.ForH264(es.FindNal(7), [es.FindNal(8)]);
        var tracks = new List<TrackDescription>();
        var protectors = new List<CencTrackProtector>();
        CencTrackProtector? vp = config.CreateProtector(VideoToken, video); // kind and avcC/hvcC parameter sets from the description
        tracks.Add(vp is null ? video : video.WithProtector(vp));
        if (vp is not null) protectors.Add(vp);
        if (withAudio)
        {
            TrackDescription audio = TrackDescription.ForAac(es.AudioConfig!);
            CencTrackProtector? ap = config.CreateProtector(AudioToken, MediaCodec.Aac);
            tracks.Add(ap is null ? audio : audio.WithProtector(ap));
            if (ap is not null) protectors.Add(ap);
        }

        var output = new SegmentFiles(directory, name);
        var options = new SegmentWriterOptions { SegmentDuration = segmentDuration, FragmentDuration = TimeSpan.FromSeconds(1) };
        var start = new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
        using (var writer = new Mp4SegmentWriter(tracks, output, options))
        {
            writer.SetUtcAnchor(0, 0, start);
            if (withAudio) writer.SetUtcAnchor(1, 0, start);
            int sampleRate = withAudio ? es.AudioConfig!.SampleRate : 1;
            int a = 0;
            for (int v = 0; v < es.Video.Count; v++)
            {
                long vdts = v * 3600L; // 25 fps at 90 kHz, no B-frames in these clips
                beforeVideoSample?.Invoke(v, protectors);
                ElementaryStreams.VideoAccessUnit au = es.Video[v];
                writer.AddSample(0, vdts, 0, au.IsSync, au.Nals.ToArray());

                // Then the audio frames that start before the next video frame (audio never precedes the first key frame).
                while (withAudio && a < es.AudioFrames.Count && a * 1024L * 90000 / sampleRate < vdts + 3600)
                {
                    writer.AddFrame(1, a * 1024L, es.AudioFrames[a]);
                    a++;
                }
            }

            writer.Finish();
            Assert.Equal(0, writer.DroppedSamples);
        }

        foreach (CencTrackProtector p in protectors)
        {
            Assert.Equal(0, p.MalformedSamples);
            Assert.Equal(0, p.UnmeasuredSliceHeaders);
            p.Dispose();
        }

        return output.Paths;
    }

    /// <summary>Records the audio track alone as one CMAF segment (one track per file), protected when covered.</summary>
    public static string RecordAudioCmaf(ElementaryStreams es, EncryptionConfiguration config, string directory, string name)
    {
        TrackDescription audio = TrackDescription.ForAac(es.AudioConfig!);
        CencTrackProtector? ap = config.CreateProtector(AudioToken, MediaCodec.Aac);
        var output = new SegmentFiles(directory, name);
        var options = new SegmentWriterOptions { SegmentDuration = TimeSpan.FromSeconds(60), FragmentDuration = TimeSpan.FromSeconds(1) };
        using (var writer = new CmafSegmentWriter(ap is null ? audio : audio.WithProtector(ap), output, options))
        {
            writer.SetUtcAnchor(0, new DateTime(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc));
            for (int a = 0; a < es.AudioFrames.Count; a++) writer.AddFrame(a * 1024L, es.AudioFrames[a]);
            writer.Finish();
            Assert.Equal(0, writer.DroppedSamples);
        }

        ap?.Dispose();
        return Assert.Single(output.Paths);
    }
}
