namespace Nvr.Codecs.Cenc.Crypto;

/// <summary>
/// One subsample of a protected sample (ISO/IEC 23001-7, <c>senc</c>): <see cref="ClearBytes"/> stay in the clear,
/// the <see cref="ProtectedBytes"/> that follow them are encrypted.
/// </summary>
public readonly record struct SubsampleEntry(ushort ClearBytes, uint ProtectedBytes);
