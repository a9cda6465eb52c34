namespace Nvr.Codecs.Cenc.Tests.Mp4;

/// <summary>One sample of a fragment with its senc information (IV, subsamples as clear/protected pairs).</summary>
internal sealed record EncryptedSample(uint TrackId, int FragmentIndex, int Offset, int Size, byte[] Iv, (int Clear, int Protected)[] Subsamples);
