using Nvr.Codecs.Cenc.Crypto;
using Nvr.Codecs.Mp4.Reading;
using Nvr.Recording.Export;
using Nvr.Storage.Index;

namespace Nvr.Recording.Tests.Unit;

/// <summary>The export's planning (runs split at gaps) and its decryption (the inverse of the recording's cipher).</summary>
[Trait("Category", "Unit")]
public sealed class ExportUnitTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 6, 0, 0, TimeSpan.Zero);

    private static RecordedSegment Row(string track, double start, double end, string key, long bytes = 100) =>
        new("REC1", track, T0.AddSeconds(start), T0.AddSeconds(end), "local", key, bytes, false);

    [Fact]
    public void A_gap_longer_than_the_tolerance_starts_a_new_run_and_objects_outside_the_range_are_left_out()
    {
        var rows = new[]
        {
            Row("V", 0, 3, "a.0.mp4"), Row("A", 0.02, 3, "a.0.mp4"),
            Row("V", 3, 6, "a.1.mp4"), Row("A", 3, 6, "a.1.mp4"),
            Row("V", 6.5, 9, "a.2.mp4"), // 0.5 s hole: same run
            Row("V", 20, 23, "b.0.mp4"), // 11 s hole: new run
            Row("V", 30, 33, "c.0.mp4"), // after the range
        };

        var runs = ExportPlanner.Plan("REC1", rows, T0.AddSeconds(4), T0.AddSeconds(21));

        Assert.Equal(2, runs.Count);
        Assert.Equal(["a.1.mp4", "a.2.mp4"], runs[0].Objects.Select(o => o.Key));
        Assert.Equal(T0.AddSeconds(4), runs[0].From);
        Assert.Equal(T0.AddSeconds(9), runs[0].To);
        Assert.Equal(200, runs[0].Bytes); // one object counted once, not once per track row
        Assert.Equal(["b.0.mp4"], runs[1].Objects.Select(o => o.Key));
        Assert.Equal(T0.AddSeconds(21), runs[1].To);
        Assert.Equal("REC1-20261202T060004.000Z.mp4", runs[0].FileName);
        Assert.Equal("REC1-20261202T060020.000Z.mp4", runs[1].FileName);
        Assert.Equal("mp4", runs[0].Objects[0].Stream);
    }

    [Fact]
    public void Unbounded_ranges_take_everything_and_cmaf_objects_keep_their_stream()
    {
        var rows = new[] { Row("V", 0, 3, "x.0.m4v"), Row("A", 0.02, 3.1, "x.0.m4a"), Row("V", 3, 6, "x.1.m4v") };
        var run = Assert.Single(ExportPlanner.Plan("REC/1", rows, null, null));
        Assert.Equal(["m4v", "m4a", "m4v"], run.Objects.Select(o => o.Stream));
        Assert.Equal(T0, run.From);
        Assert.Equal(T0.AddSeconds(6), run.To);
        Assert.Equal("REC_1-20261202T060000.000Z.mp4", run.FileName); // a token never leaves the directory
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Cenc_decryption_restores_what_the_recording_cipher_encrypted(bool withSubsamples)
    {
        var key = Convert.FromHexString("0123456789abcdef0123456789abcdef");
        var clear = Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray();
        var data = (byte[])clear.Clone();
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, 300, 0x1122334455667788UL);
        Fmp4Subsample[] subsamples = withSubsamples ? [new(5, 100), new(13, 182)] : [];
        foreach (var s in subsamples) plan.AddSubsample(new SubsampleEntry((ushort)s.ClearBytes, (uint)s.ProtectedBytes));
        using (var cipher = new CencCipher(key)) cipher.EncryptCtr(data, plan);
        Assert.NotEqual(clear, data);

        using var decryptor = new CencSampleDecryptor(key);
        decryptor.Decrypt(data, new Fmp4Protection("cenc", new byte[16], 8, [], 0, 0), Convert.FromHexString("1122334455667788"), subsamples);
        Assert.Equal(clear, data);
    }

    [Theory]
    [InlineData(1, 9)]
    [InlineData(0, 0)]
    public void Cbcs_decryption_restores_what_the_recording_cipher_encrypted(int crypt, int skip)
    {
        var key = Convert.FromHexString("00112233445566778899aabbccddeeff");
        var iv = Convert.FromHexString("0f0e0d0c0b0a09080706050403020100");
        var clear = Enumerable.Range(0, 777).Select(i => (byte)(i * 13)).ToArray();
        var data = (byte[])clear.Clone();
        var plan = new FragmentEncryptionPlan();
        plan.AddSample(0, 777, 0);
        Fmp4Subsample[] subsamples = [new(7, 400), new(10, 360)];
        foreach (var s in subsamples) plan.AddSubsample(new SubsampleEntry((ushort)s.ClearBytes, (uint)s.ProtectedBytes));
        using (var cipher = new CencCipher(key)) cipher.EncryptCbcs(data, plan, iv, crypt, skip);
        Assert.NotEqual(clear, data);

        using var decryptor = new CencSampleDecryptor(key);
        decryptor.Decrypt(data, new Fmp4Protection("cbcs", new byte[16], 0, iv, crypt, skip), [], subsamples);
        Assert.Equal(clear, data);
    }
}
