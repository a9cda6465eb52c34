namespace Nvr.Codecs.Cenc.Tests.Mp4;

/// <summary>What the init part of an encrypted file says about one protected track.</summary>
internal sealed record ProtectedTrackInfo(
    uint TrackId,
    string EntryType,
    string OriginalFormat,
    string Scheme,
    byte[] KeyId,
    int PerSampleIvSize,
    int CryptByteBlock,
    int SkipByteBlock,
    byte[] ConstantIv);
