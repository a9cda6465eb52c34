using Nvr.Codecs.Cenc.Crypto;

namespace Nvr.Codecs.Cenc.Boxes;

/// <summary>
/// The fields of a Track Encryption box (<c>tenc</c>, ISO/IEC 23001-7 section 8.2): the scheme it belongs to, the
/// default KID, the per-sample IV size (8 for <c>cenc</c>, 0 with a 16-byte constant IV for <c>cbcs</c>) and the
/// pattern (written only for <c>cbcs</c>, in a version 1 box).
/// </summary>
public sealed record TrackEncryptionDefaults(
    EncryptionScheme Scheme,
    KeyId KeyId,
    byte PerSampleIvSize,
    byte CryptByteBlock,
    byte SkipByteBlock,
    ReadOnlyMemory<byte> ConstantIv);
