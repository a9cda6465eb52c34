using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;

namespace Nvr.Control.Persistence;

/// <summary>
/// Seals the persisted events and snapshots that hold secrets (recordings' content keys, storage credentials) with
/// AES-256-GCM, so the journal (control.db or PostgreSQL) never holds them in clear. The manifest is the associated
/// data: a sealed payload cannot be replayed as another event type. Sealed payloads start with a marker that JSON
/// never starts with, so events written before sealing existed still read. One per actor system (an Akka extension);
/// the key is given once, before any persistent actor starts (<see cref="PersistenceOptions.SealingKey"/>). Every
/// node of a cluster needs the same key.
/// </summary>
public sealed class JournalSealing : IExtension
{
    private static readonly byte[] Marker = "\0nvr-sealed-v1\0"u8.ToArray();
    private byte[]? _key;

    /// <summary>Whether a key was given (without one, events are written in clear).</summary>
    public bool HasKey => Volatile.Read(ref _key) is not null;

    public static JournalSealing Get(ActorSystem system) => system.WithExtension<JournalSealing, JournalSealingId>();

    /// <summary>Sets the 256-bit key; once.</summary>
    public void Use(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"the journal sealing key must be 32 bytes, not {key.Length}", nameof(key));
        }

        if (Interlocked.CompareExchange(ref _key, key.ToArray(), null) is not null)
        {
            throw new InvalidOperationException("the journal sealing key is already set");
        }
    }

    public static bool IsSealed(ReadOnlySpan<byte> payload) => payload.StartsWith(Marker);

    /// <summary>The sealed form of <paramref name="plain"/>, or <paramref name="plain"/> itself when no key was given.</summary>
    public byte[] Seal(byte[] plain, string manifest)
    {
        var key = Volatile.Read(ref _key);
        if (key is null)
        {
            return plain;
        }

        var sealedBytes = new byte[Marker.Length + AesGcmBox.SealedLength(plain.Length)];
        Marker.CopyTo(sealedBytes, 0);
        AesGcmBox.Seal(key, plain, sealedBytes.AsSpan(Marker.Length), Encoding.UTF8.GetBytes(manifest));
        return sealedBytes;
    }

    /// <summary>The plain payload of a sealed one (<see cref="IsSealed"/>).</summary>
    public byte[] Open(byte[] payload, string manifest)
    {
        var key = Volatile.Read(ref _key)
            ?? throw new SerializationException($"a '{manifest}' event in the journal is sealed, and no journal key was given (the data directory's user-key)");
        if (payload.Length < Marker.Length + AesGcmBox.SealedLength(0))
        {
            throw new SerializationException($"a sealed '{manifest}' event in the journal is truncated");
        }

        return AesGcmBox.Open(key, payload.AsSpan(Marker.Length), Encoding.UTF8.GetBytes(manifest))
            ?? throw new SerializationException(
                $"a sealed '{manifest}' event in the journal does not open with this key: it was written with another user-key (every cluster node needs the same one)");
    }
}

/// <summary>The extension id of <see cref="JournalSealing"/>.</summary>
public sealed class JournalSealingId : ExtensionIdProvider<JournalSealing>
{
    public override JournalSealing CreateExtension(ExtendedActorSystem system) => new();
}
