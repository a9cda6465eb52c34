using Nvr.Codecs.Mp4;
using Nvr.Codecs.Mp4.Reading;
using Nvr.Storage.Keys;

namespace Nvr.Fuzzing.Targets;

/// <summary>
/// A recorded segment as replay reads it back from disk or S3 (a crash-cut file, a truncated upload, a foreign
/// object under the recording's prefix). Documented rejection: <see cref="InvalidDataException"/>. Every sample it
/// returns must lie inside the file, since replay slices the file with it.
/// </summary>
public sealed class FragmentedMp4ReaderTarget : FuzzTarget
{
    public override string Name => "fmp4-reader";

    public override string Description => "FragmentedMp4Reader.Read (replay); InvalidDataException is the rejection; samples must lie inside the file";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var (_, samples) = FragmentedMp4Reader.Read(input);
            foreach (var sample in samples)
            {
                if (sample.Offset < 0 || sample.Size < 0 || (long)sample.Offset + sample.Size > input.Length)
                {
                    throw new InvalidOperationException($"sample {sample.Offset}+{sample.Size} outside the {input.Length}-byte file");
                }
            }
        }
        catch (InvalidDataException)
        {
        }
    }
}

/// <summary>The same for the export reader (with the senc IVs and subsample maps of protected tracks).</summary>
public sealed class Fmp4FileTarget : FuzzTarget
{
    public override string Name => "fmp4-file";

    public override string Description => "Fmp4File.Parse (export, decryption); InvalidDataException is the rejection; samples must lie inside the file";

    public override void Run(ReadOnlySpan<byte> input)
    {
        try
        {
            var file = Fmp4File.Parse(input.ToArray());
            foreach (var sample in file.Samples)
            {
                if (sample.Offset < 0 || sample.Length < 0 || (long)sample.Offset + sample.Length > input.Length
                    || sample.TrackIndex < 0 || sample.TrackIndex >= file.Tracks.Count)
                {
                    throw new InvalidOperationException($"sample {sample.Offset}+{sample.Length} of track {sample.TrackIndex} outside the file");
                }

                foreach (var subsample in sample.Subsamples)
                {
                    if (subsample.ClearBytes < 0 || subsample.ProtectedBytes < 0)
                    {
                        throw new InvalidOperationException("negative subsample");
                    }
                }
            }
        }
        catch (InvalidDataException)
        {
        }
    }
}

/// <summary>
/// Object keys listed from a storage (Annex B B.4/B.5), e.g. by the index rebuild or retention. Documented
/// rejection: TryParse false / <see cref="FormatException"/> from Parse. A key that parses must round-trip.
/// </summary>
public sealed class ObjectKeyTarget : FuzzTarget
{
    public override string Name => "object-key";

    public override string Description => "ObjectKeyParser.TryParse and Parse; false/FormatException are the rejection";

    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = FuzzInput.Utf8(input);
        var accepted = ObjectKeyParser.TryParse(text, out var key);
        try
        {
            var parsed = ObjectKeyParser.Parse(text);
            if (!accepted || parsed != key)
            {
                throw new InvalidOperationException("Parse and TryParse disagree");
            }
        }
        catch (FormatException) when (!accepted)
        {
        }
    }
}
