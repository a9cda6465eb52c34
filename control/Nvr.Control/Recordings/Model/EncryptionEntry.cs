namespace Nvr.Control.Recordings.Model;

/// <summary>
/// One Encryption entry of a recording target (Annex B.8). <see cref="Key"/> is write-only on the wire:
/// it is stored (the engine needs it) but never returned by a Get operation.
/// </summary>
public sealed record EncryptionEntry(string Mode, string Kid, byte[]? Key, IReadOnlyList<string> Tracks)
{
    public bool Equals(EncryptionEntry? other) =>
        other is not null && Mode == other.Mode && Kid == other.Kid &&
        (Key ?? []).AsSpan().SequenceEqual(other.Key ?? []) && Tracks.SequenceEqual(other.Tracks);

    public override int GetHashCode() => HashCode.Combine(Mode, Kid, Tracks.Count);
}
