namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>Common Encryption protection schemes (ISO/IEC 23001-7) supported by the recorder.</summary>
public enum EncryptionScheme
{
    /// <summary><c>cenc</c>: AES-128 in counter mode; full-sample encryption, NAL subsample encryption for video.</summary>
    Cenc,

    /// <summary><c>cbcs</c>: AES-128 in CBC mode with a constant IV; 1:9 pattern on video NAL subsamples, whole blocks for other tracks.</summary>
    Cbcs,
}
